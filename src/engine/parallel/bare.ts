/**
 * Parallel runs of a bare program: a caller-built shared memory and map table (no engine
 * maps, no helper table — only helpers the JIT inlines), for tests and benchmarks of the
 * parallel machinery itself. CPU c's stack top is `stackTop(c)`; there is no context.
 */

import type { Insn } from '../isa/insn.ts';
import { compileJit, type JitMapInfo } from '../jit/index.ts';
import { runWorkers, type WorkersOutcome } from './run-workers.ts';

export interface BareParallelSpec {
  insns: Insn[];
  memory: WebAssembly.Memory;
  maps: JitMapInfo[];
  cpus: number;
  events: number;
  stackTop: (cpu: number) => number;
  timeLimitMs?: number;
  budget?: number;
}

export async function runBareParallel(spec: BareParallelSpec): Promise<WorkersOutcome & { compileMs: number }> {
  const compiled = compileJit({ insns: spec.insns, funcs: [] }, { maps: spec.maps });
  const out = await runWorkers({
    memory: spec.memory,
    wasm: compiled.bytes,
    cpus: spec.cpus,
    events: spec.events,
    slots: Array.from({ length: spec.cpus }, (_, c) => ({ ctx: 0, tmpl: 0, ctxLen: 0, fp: spec.stackTop(c) })),
    budget: spec.budget ?? 1_000_000,
    timeLimitMs: spec.timeLimitMs ?? 30_000,
    helpers: { kind: 'bare', pidTgid: String((4242n << 32n) | 4242n) },
  });
  return { ...out, compileMs: compiled.compileMs };
}
