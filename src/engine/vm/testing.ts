/**
 * A bare machine for running a program on the interpreter without maps or contexts: one
 * memory page holding a stack and a data buffer. Used by the vm's own tests, the conformance
 * runner and the benchmark; the real machine (machine/) uses the engine's shared memory.
 */
import type { Insn } from '../isa/insn.ts';
import { type CpuState, createCpu, getReg, resetCpu, Status, setReg } from './cpu.ts';
import { execute, type VmHost } from './interpreter.ts';
import { type Code, predecode } from './program.ts';

/** Bare layout: [0, 4096) guard, [4096, 8192) stack (8 frames × 512), a gap, data from 12288. */
export const BARE_STACK_TOP = 8192;
export const BARE_DATA = 12288;

export interface BareResult {
  r0: bigint;
  cpu: CpuState;
  data: Uint8Array;
  steps: number;
}

export type BareHelper = (id: number, cpu: CpuState) => number | string;

export function bareHost(dataBytes: number, helper?: BareHelper): VmHost {
  const pages = Math.ceil((BARE_DATA + dataBytes) / 65536) || 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, callHelper: helper ?? ((id) => `unknown helper ${id}`) };
}

/** Runs `insns` with r1 = address of a copy of `data`, r2 = its length; returns r0 and state. */
export function runBare(
  insns: readonly Insn[] | Code,
  data: Uint8Array = new Uint8Array(0),
  opts: { helper?: BareHelper; budget?: number; host?: VmHost } = {},
): BareResult {
  const code = 'n' in insns ? insns : predecode(insns as Insn[]);
  const host = opts.host ?? bareHost(Math.max(data.length, 8), opts.helper);
  const mem = new Uint8Array(host.memory.buffer);
  mem.set(data, BARE_DATA);
  const cpu = createCpu(0, BARE_STACK_TOP, opts.budget ?? 10_000_000);
  resetCpu(cpu, BARE_DATA);
  setReg(cpu, 2, BigInt(data.length));
  cpu.regions = [BARE_DATA, BARE_DATA + data.length];
  let steps = 0;
  while (cpu.status === Status.Ready || cpu.status === Status.Blocked) {
    const before = cpu.status;
    steps += execute(cpu, code, host, 1 << 30);
    if (before === Status.Blocked && cpu.status === Status.Blocked) break;
  }
  return { r0: getReg(cpu, 0), cpu, data: mem.slice(BARE_DATA, BARE_DATA + data.length), steps };
}
