/**
 * Control-flow analysis for the JIT: splits a program's slots into functions (the program at
 * slot 0 plus every BPF-to-BPF call target and declared entry) and each function into basic
 * blocks, and finds the back edges (jumps to a block at or before the jumping one) that need
 * the dispatch loop. It checks what the translation relies on — targets in range and inside the
 * same function, no jump into the second slot of an `lddw` — and reports anything else as a
 * JitError with the slot index; it does not re-verify the program.
 */
import type { Insn } from '../isa/insn.ts';

export class JitError extends Error {
  constructor(
    message: string,
    readonly pc: number,
  ) {
    super(`${message} (insn ${pc})`);
    this.name = 'JitError';
  }
}

export const CLS_JMP = 0x05;
export const CLS_JMP32 = 0x06;
export const OP_CALL = 0x80;
export const OP_EXIT = 0x90;
export const OP_JA = 0x00;
export const LDDW = 0x18;

export interface Block {
  start: number;
  /** One past the last slot. */
  end: number;
}

export interface FuncCfg {
  start: number;
  end: number;
  blocks: Block[];
  /** Block index by start slot. */
  blockAt: Map<number, number>;
  hasBackEdge: boolean;
}

export function isJump(insn: Insn): boolean {
  const cls = insn.code & 7;
  return (cls === CLS_JMP || cls === CLS_JMP32) && (insn.code & 0xf0) !== OP_CALL && (insn.code & 0xf0) !== OP_EXIT;
}

export function isPseudoCall(insn: Insn): boolean {
  return insn.code === 0x85 && insn.src === 1;
}

/** Jump target slot of a jump instruction (`ja32`, class JMP32 op JA, uses imm). */
export function jumpTarget(insn: Insn, pc: number): number {
  if (insn.code === (CLS_JMP32 | OP_JA)) return pc + insn.imm + 1;
  return pc + insn.off + 1;
}

/** Marks the second slots of `lddw`. */
export function fillerSlots(insns: Insn[]): boolean[] {
  const filler = new Array<boolean>(insns.length).fill(false);
  for (let pc = 0; pc < insns.length; pc++) {
    if (insns[pc].code === LDDW) {
      if (pc + 1 >= insns.length) throw new JitError('lddw needs two slots', pc);
      filler[pc + 1] = true;
      pc++;
    }
  }
  return filler;
}

export function analyse(insns: Insn[], declared: number[]): { funcs: FuncCfg[]; filler: boolean[] } {
  if (insns.length === 0) throw new JitError('empty program', 0);
  const filler = fillerSlots(insns);
  const starts = new Set<number>([0, ...declared]);
  for (let pc = 0; pc < insns.length; pc++) {
    if (filler[pc] || !isPseudoCall(insns[pc])) continue;
    const t = pc + insns[pc].imm + 1;
    if (t < 0 || t >= insns.length || filler[t]) throw new JitError(`call to invalid target ${t}`, pc);
    starts.add(t);
  }
  const sorted = [...starts].sort((a, b) => a - b);
  for (const s of sorted) if (s < 0 || s >= insns.length || filler[s]) throw new JitError('bad function start', s);
  const funcs: FuncCfg[] = [];
  for (let f = 0; f < sorted.length; f++) {
    const start = sorted[f];
    const end = f + 1 < sorted.length ? sorted[f + 1] : insns.length;
    const leaders = new Set<number>([start]);
    for (let pc = start; pc < end; pc++) {
      if (filler[pc]) continue;
      const insn = insns[pc];
      const cls = insn.code & 7;
      if (isJump(insn)) {
        const t = jumpTarget(insn, pc);
        if (t < start || t >= end) throw new JitError(`jump out of range to ${t}`, pc);
        if (filler[t]) throw new JitError('jump into the middle of lddw', pc);
        leaders.add(t);
        if (pc + 1 < end) leaders.add(pc + 1);
      } else if ((cls === CLS_JMP || cls === CLS_JMP32) && (insn.code & 0xf0) === OP_EXIT) {
        if (pc + 1 < end) leaders.add(pc + 1);
      }
    }
    const ls = [...leaders].sort((a, b) => a - b);
    const blocks = ls.map((s, i) => ({ start: s, end: i + 1 < ls.length ? ls[i + 1] : end }));
    const blockAt = new Map(blocks.map((b, i) => [b.start, i]));
    let hasBackEdge = false;
    for (let i = 0; i < blocks.length; i++) {
      const last = lastSlot(blocks[i], filler);
      const insn = insns[last];
      if (isJump(insn) && blockAt.get(jumpTarget(insn, last))! <= i) hasBackEdge = true;
    }
    funcs.push({ start, end, blocks, blockAt, hasBackEdge });
  }
  return { funcs, filler };
}

/** The last real (non-filler) slot of a block. */
export function lastSlot(b: Block, filler: boolean[]): number {
  let pc = b.end - 1;
  while (pc > b.start && filler[pc]) pc--;
  return pc;
}
