/**
 * Runs one bpf_conformance test program on the JIT, standalone: a private shared memory with
 * the `-- mem` buffer at MEM and a 4 KiB stack (8 frames of 512 bytes) below STACK_TOP.
 * Helper calls return 0 (the suite only calls helper 5 expecting nothing back). Used by the
 * conformance tests and the differential test against the interpreter; the `lockstep
 * conformance --engine jit` command can use it too.
 */
import type { Insn } from '../isa/insn.ts';
import { compileJit, instantiateJit } from './index.ts';

const MEM = 0x10000;
const STACK_TOP = 0x8000;

export type ConformanceOutcome = { ok: true; r0: bigint } | { ok: false; error: string };

export function runConformanceJit(insns: Insn[], mem: Uint8Array, budget = 1_000_000): ConformanceOutcome {
  try {
    const pages = 2 + Math.ceil(mem.length / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    new Uint8Array(memory.buffer).set(mem, MEM);
    const compiled = compileJit({ insns, funcs: [] }, { maps: [], memoryPages: { min: pages, max: pages } });
    const inst = instantiateJit(compiled, memory, () => 0n);
    inst.budget = budget;
    // bpf_conformance passes r1 = mem (or 0 without mem) and r2 = its length.
    const r0 = inst.runWith(mem.length ? MEM : 0, mem.length, STACK_TOP);
    return { ok: true, r0 };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
