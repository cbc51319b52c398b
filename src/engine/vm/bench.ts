/**
 * Interpreter throughput: instructions per second on one core, for `lockstep bench` and the
 * README. The workload is a loop mixing what BPF programs do most — ALU, a stack store and
 * load, a load-add-store on shared memory (a map value) and a conditional branch.
 */

import type { Insn } from '../isa/index.ts';
import { insn } from '../isa/index.ts';
import { runBare } from './testing.ts';

export interface InterpBench {
  instructions: number;
  seconds: number;
  insnsPerSecond: number;
}

function loop(iterations: number): Insn[] {
  return [
    insn(0xb7, 3, 0, 0, 0), // r3 = 0
    insn(0xb7, 4, 0, 0, 0), // r4 = 0
    // loop:
    insn(0x7b, 10, 3, -8, 0), // *(u64 *)(r10 - 8) = r3
    insn(0x79, 5, 10, -8, 0), // r5 = *(u64 *)(r10 - 8)
    insn(0x07, 5, 0, 0, 1), // r5 += 1
    insn(0x61, 6, 1, 0, 0), // r6 = *(u32 *)(r1 + 0)
    insn(0x04, 6, 0, 0, 1), // w6 += 1
    insn(0x63, 1, 6, 0, 0), // *(u32 *)(r1 + 0) = r6
    insn(0xaf, 4, 5, 0, 0), // r4 ^= r5
    insn(0xbf, 3, 5, 0, 0), // r3 = r5
    insn(0xa5, 3, 0, -9, iterations), // if r3 < N goto loop
    insn(0xbf, 0, 4, 0, 0), // r0 = r4
    insn(0x95),
  ];
}

/** Runs the loop for about `instructions` instructions (best of `rounds`) and reports the rate. */
export function measureInterpreter(instructions = 20_000_000, rounds = 3): InterpBench {
  const iterations = Math.max(1, Math.floor(instructions / 9));
  const prog = loop(iterations);
  runBare(loop(10_000), new Uint8Array(8)); // warm-up: let the JIT compile the dispatch loop
  let best = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const res = runBare(prog, new Uint8Array(8), { budget: instructions * 2 });
    const dt = (performance.now() - t0) / 1000;
    steps = res.steps;
    if (dt < best) best = dt;
  }
  return { instructions: steps, seconds: best, insnsPerSecond: steps / best };
}
