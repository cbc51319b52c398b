/**
 * Static liveness (classic backward dataflow, per function): which registers, and which 8-byte
 * stack slots of the function's own frame, may still be read from a point on. Pruning ignores
 * dead ones — the kernel does the same with its liveness marks — so states that differ only in
 * values nobody reads again are recognised as equivalent (without it, a chain of independent
 * branches would be walked path by path).
 *
 * Conservative where it must be: a helper or BPF-to-BPF call reads R1-R5; a function that lets
 * its frame pointer escape (copied, passed, stored) keeps its whole stack live.
 */
import type { Insn } from '../isa/insn.ts';
import { successors } from './cfg.ts';

export interface Liveness {
  /** Live registers (bit n = Rn) before each instruction. */
  regs: Uint16Array;
  /** Live stack slots (bit k = slot [-8(k+1), -8k)) before each instruction; all ones when escaped. */
  stack: BigUint64Array;
}

export const ALL_SLOTS = (1n << 64n) - 1n;
const ARGS = 0b111110; // R1-R5
const CALL_DEFS = 0b111111; // R0-R5

export function slotMask(off: number, size: number): bigint {
  let m = 0n;
  for (let o = off; o < off + size; o++) if (o < 0 && o >= -512) m |= 1n << BigInt((-o - 1) >> 3);
  return m;
}

interface Effect {
  use: number;
  def: number;
  suse: bigint;
  sdef: bigint;
  escape: boolean;
}

export function effect(i: Insn): Effect {
  const cls = i.code & 7;
  const op = i.code & 0xf0;
  const x = (i.code & 8) !== 0;
  const e: Effect = { use: 0, def: 0, suse: 0n, sdef: 0n, escape: false };
  const bit = (r: number) => (r <= 10 ? 1 << r : 0);
  if (cls === 4 || cls === 7) {
    if (op === 0xb0) e.use = x ? bit(i.src) : 0;
    else if (op === 0x80 || op === 0xd0) e.use = bit(i.dst);
    else e.use = bit(i.dst) | (x ? bit(i.src) : 0);
    e.def = bit(i.dst);
    if (x && i.src === 10) e.escape = true;
  } else if (cls === 1) {
    e.use = bit(i.src);
    e.def = bit(i.dst);
    if (i.src === 10) e.suse = slotMask(i.off, 1 << [2, 1, 0, 3][(i.code >> 3) & 3]);
  } else if (cls === 2 || cls === 3) {
    const size = 1 << [2, 1, 0, 3][(i.code >> 3) & 3];
    e.use = bit(i.dst) | (cls === 3 ? bit(i.src) : 0);
    if (cls === 3 && i.src === 10) e.escape = true;
    const atomic = cls === 3 && (i.code & 0xe0) === 0xc0;
    if (atomic) {
      if (i.imm === 0xf1) e.use |= 1;
      if (i.imm & 1) e.def = i.imm === 0xf1 ? 1 : bit(i.src);
      if (i.dst === 10) e.suse = slotMask(i.off, size);
    } else if (i.dst === 10 && size === 8 && i.off % 8 === 0) e.sdef = slotMask(i.off, 8);
  } else if (i.code === 0x18) {
    e.def = bit(i.dst);
  } else if (cls === 5 || cls === 6) {
    if (op === 0x80) {
      e.use = ARGS;
      e.def = CALL_DEFS;
    } else if (op === 0x90) e.use = 1;
    else if (op !== 0x00) e.use = bit(i.dst) | (x ? bit(i.src) : 0);
  }
  return e;
}

export interface FlowGraph {
  succ: number[][];
  preds: number[][];
  /** 1 where the instruction's function lets its frame pointer escape. */
  escaped: Uint8Array;
}

/** Intra-procedural edges (a call continues at the next instruction) and escaped frames. */
export function flowGraph(insns: Insn[]): FlowGraph {
  const n = insns.length;
  const starts = [0, ...insns.flatMap((i, pc) => (i.code === 0x85 && i.src === 1 ? [pc + i.imm + 1] : []))];
  const sorted = [...new Set(starts)].filter((s) => s >= 0 && s < n).sort((a, b) => a - b);
  const escaped = new Uint8Array(n);
  for (let f = 0; f < sorted.length; f++) {
    const end = sorted[f + 1] ?? n;
    let esc = false;
    for (let pc = sorted[f]; pc < end; pc++) esc ||= effect(insns[pc]).escape;
    if (esc) escaped.fill(1, sorted[f], end);
  }
  const succ = insns.map((i, pc) =>
    successors(insns, pc).filter((t) => t >= 0 && t < n && !(i.code === 0x85 && i.src === 1 && t !== pc + 1)),
  );
  const preds: number[][] = insns.map(() => []);
  succ.forEach((ts, pc) => {
    for (const t of ts) preds[t].push(pc);
  });
  return { succ, preds, escaped };
}

/** Backward fixpoint of `transfer` (in = transfer(pc, out)) over registers and stack slots. */
export function backward(
  n: number,
  g: FlowGraph,
  transfer: (pc: number, outR: number, outS: bigint) => [number, bigint],
): { regs: Uint16Array; stack: BigUint64Array } {
  const regs = new Uint16Array(n);
  const stack = new BigUint64Array(n);
  const work = Array.from({ length: n }, (_, i) => i);
  const queued = new Uint8Array(n).fill(1);
  while (work.length) {
    const pc = work.pop()!;
    queued[pc] = 0;
    let outR = 0;
    let outS = 0n;
    for (const t of g.succ[pc]) {
      outR |= regs[t];
      outS |= stack[t];
    }
    const [inR, inS0] = transfer(pc, outR, outS);
    const inS = g.escaped[pc] ? ALL_SLOTS : inS0 & ALL_SLOTS;
    if (inR !== regs[pc] || inS !== stack[pc]) {
      regs[pc] = inR;
      stack[pc] = inS;
      for (const p of g.preds[pc])
        if (!queued[p]) {
          queued[p] = 1;
          work.push(p);
        }
    }
  }
  return { regs, stack };
}

export function liveness(insns: Insn[], g: FlowGraph = flowGraph(insns)): Liveness {
  const effects = insns.map(effect);
  return backward(insns.length, g, (pc, outR, outS) => {
    const e = effects[pc];
    return [e.use | (outR & ~e.def) | (1 << 10), e.suse | (outS & ~e.sdef)];
  });
}
