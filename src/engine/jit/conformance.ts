/**
 * Runs one bare program on the JIT, the way the bpf_conformance suite wants it: a private
 * shared memory with a copy of the `-- mem` buffer at DATA (r1 = its address, r2 = its length)
 * and a stack of 8 frames × 512 bytes below STACK_TOP. The suite's only helper call is ubpf's
 * "unwind" (id 5): it returns its argument and ends the program when that is 0, as the
 * interpreter's runner does. `runBare` is what the machine's conformance runner and
 * `lockstep conformance --engine jit` call (registered through machine/engines.ts).
 */
import type { Insn } from '../isa/insn.ts';
import type { BareOutcome } from '../machine/engines.ts';
import { compileJit, instantiateJit, JitRunError } from './index.ts';

const STACK_TOP = 8192;
const DATA = 12288;
const UNWIND_HELPER = 5;

class Unwind {}

export interface BareJitResult {
  r0: bigint;
  /** The data buffer after the run. */
  data: Uint8Array;
  fault?: { code: string; message: string; pc: number };
}

const FAULT_CODES = {
  budget: 'insn-budget',
  fault: 'mem-fault',
  'fall-off': 'pc-out-of-range',
  'lock-timeout': 'insn-budget',
  'call-depth': 'call-depth',
} as const;

export function runBareJit(insns: Insn[], mem: Uint8Array, budget = 10_000_000): BareJitResult {
  const pages = Math.ceil((DATA + Math.max(mem.length, 8)) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const bytes = new Uint8Array(memory.buffer);
  bytes.set(mem, DATA);
  const data = () => bytes.slice(DATA, DATA + mem.length);
  let compiled: ReturnType<typeof compileJit>;
  try {
    compiled = compileJit({ insns, funcs: [] }, { maps: [], memoryPages: { min: pages, max: pages } });
  } catch (e) {
    const pc = (e as { pc?: number }).pc ?? 0;
    return { r0: 0n, data: data(), fault: { code: 'invalid-insn', message: (e as Error).message, pc } };
  }
  const inst = instantiateJit(compiled, memory, (id, r1) => {
    if (id !== UNWIND_HELPER) throw new JitRunError('fault', `unknown helper ${id}`);
    if (r1 === 0n) throw new Unwind();
    return r1;
  });
  inst.budget = budget;
  try {
    return { r0: inst.runWith(DATA, mem.length, STACK_TOP), data: data() };
  } catch (e) {
    if (e instanceof Unwind) return { r0: 0n, data: data() };
    if (e instanceof JitRunError) {
      return { r0: 0n, data: data(), fault: { code: FAULT_CODES[e.code], message: e.message, pc: e.pc ?? -1 } };
    }
    throw e;
  }
}

export async function runBare(insns: Insn[], mem: Uint8Array): Promise<BareOutcome> {
  const { r0, fault } = runBareJit(insns, mem);
  return fault ? { r0, fault } : { r0 };
}
