/**
 * The state of one simulated CPU as the interpreter sees it: a register file of 32-bit halves
 * (r0..r10, low half at 2·i, high half at 2·i+1), the pc, the BPF-to-BPF call frames, the
 * CPU's stack area and the memory regions the current invocation may touch. Plain data, so the
 * machine can snapshot it (step-mode undo) and the interpreter can keep it in locals.
 */
import { MAX_CALL_FRAMES, STACK_SIZE } from './opcodes.ts';

export const Status = {
  /** Can execute more instructions. */
  Ready: 0,
  /** Returned from the program's top frame; r0 holds the result. */
  Exited: 1,
  /** A helper said it cannot proceed yet (a held spin lock); the pc stays on the call. */
  Blocked: 2,
  /** Stopped on an error; see `fault`. */
  Faulted: 3,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

export interface VmFault {
  /** Stable code: 'mem-fault', 'invalid-insn', 'call-depth', 'insn-budget', 'helper', 'pc-out-of-range'. */
  code: string;
  message: string;
  pc: number;
}

/** Kind bits of the last shared-memory access (read/write), for the deterministic trace. */
export const Access = { None: 0, Read: 1, Write: 2 } as const;

export interface CpuState {
  id: number;
  regs: Int32Array;
  pc: number;
  /** Current call depth: 0 in the program's own frame. */
  depth: number;
  /** Per frame: return pc, then r6..r9 of the caller (8 halves). */
  frames: Int32Array;
  /** r10 of frame 0; frame d has r10 = stackTop − d·512. */
  stackTop: number;
  /** Lowest stack byte of the deepest frame. */
  stackLo: number;
  /** Other memory this invocation may touch: [lo, hi) pairs (ctx, packet, map storage…). */
  regions: number[];
  /** Instructions executed in the current invocation, and the per-invocation limit. */
  insns: number;
  budget: number;
  status: StatusCode;
  fault: VmFault | null;
  /** Last shared (non-stack) access, written by the interpreter when it happens. */
  accKind: number;
  accAddr: number;
  accSize: number;
  accLo: number;
  accHi: number;
}

export const FRAME_INTS = 9;

export function createCpu(id: number, stackTop: number, budget = 1_000_000): CpuState {
  return {
    id,
    regs: new Int32Array(22),
    pc: 0,
    depth: 0,
    frames: new Int32Array(MAX_CALL_FRAMES * FRAME_INTS),
    stackTop,
    stackLo: stackTop - MAX_CALL_FRAMES * STACK_SIZE,
    regions: [],
    insns: 0,
    budget,
    status: Status.Ready,
    fault: null,
    accKind: 0,
    accAddr: 0,
    accSize: 0,
    accLo: 0,
    accHi: 0,
  };
}

/** Starts an invocation: clears registers, r1 = ctx, r10 = top of the stack, pc = 0. */
export function resetCpu(cpu: CpuState, ctx: number): void {
  cpu.regs.fill(0);
  cpu.regs[2] = ctx;
  cpu.regs[20] = cpu.stackTop;
  cpu.pc = 0;
  cpu.depth = 0;
  cpu.insns = 0;
  cpu.status = Status.Ready;
  cpu.fault = null;
  cpu.accKind = 0;
}

export function getReg(cpu: CpuState, r: number): bigint {
  return (BigInt(cpu.regs[2 * r + 1] >>> 0) << 32n) | BigInt(cpu.regs[2 * r] >>> 0);
}

export function setReg(cpu: CpuState, r: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  cpu.regs[2 * r] = Number(u & 0xffffffffn) | 0;
  cpu.regs[2 * r + 1] = Number(u >> 32n) | 0;
}

/** A deep copy, for undo in step mode. */
export function cloneCpu(cpu: CpuState): CpuState {
  return { ...cpu, regs: cpu.regs.slice(), frames: cpu.frames.slice(), regions: cpu.regions.slice() };
}

export function restoreCpu(into: CpuState, from: CpuState): void {
  const { regs, frames } = into;
  Object.assign(into, from, { regs, frames, regions: from.regions.slice() });
  regs.set(from.regs);
  frames.set(from.frames);
}
