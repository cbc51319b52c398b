/**
 * Verify-time measurement for `lockstep bench` and tests: verify one program repeatedly and
 * report the median (and min/max) wall time in milliseconds. The first run is a warm-up (JIT
 * compilation of the verifier itself) and is not counted. Absolute figures are indicative only
 * on a shared machine; the goal is a median under 10 ms per lab program.
 */
import type { ProgramObject } from '../object.ts';
import { verify } from './index.ts';

export interface VerifyTiming {
  prog: string;
  accepted: boolean;
  processed: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function measureVerify(obj: ProgramObject, prog: string | number, runs = 15): VerifyTiming {
  const first = verify(obj, prog);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    verify(obj, prog);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const name = typeof prog === 'number' ? obj.programs[prog].name : prog;
  return {
    prog: name,
    accepted: first.accepted,
    processed: first.processed,
    runs,
    medianMs: times[Math.floor(times.length / 2)],
    minMs: times[0],
    maxMs: times[times.length - 1],
  };
}
