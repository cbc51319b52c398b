/**
 * Compile-time measurement for `lockstep bench`: the median wall time of compile() on one
 * source after warm-up (the JIT has compiled the compiler by then, as in a page that has
 * compiled once). Not a general profiler; one number per program.
 */
import { type CompileInput, compile } from './index.ts';

export interface CompileTiming {
  medianMs: number;
  minMs: number;
  runs: number;
}

export function compileTimeMs(input: CompileInput, opts: { warmup?: number; runs?: number } = {}): CompileTiming {
  const warmup = opts.warmup ?? 20;
  const runs = Math.max(1, opts.runs ?? 50);
  for (let k = 0; k < warmup; k++) compile(input);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    compile(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(runs / 2)], minMs: times[0], runs };
}
