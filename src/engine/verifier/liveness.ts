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

const ALL_SLOTS = (1n << 64n) - 1n;
const ARGS = 0b111110; // R1-R5
const CALL_DEFS = 0b111111; // R0-R5

function slotMask(off: number, size: number): bigint {
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

function effect(i: Insn): Effect {
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

export function liveness(insns: Insn[]): Liveness {
  const n = insns.length;
  const effects = insns.map(effect);
  // Functions: [start, next start); a function whose frame pointer escapes keeps its stack live.
  const starts = [0, ...insns.flatMap((i, pc) => (i.code === 0x85 && i.src === 1 ? [pc + i.imm + 1] : []))];
  const sorted = [...new Set(starts)].filter((s) => s >= 0 && s < n).sort((a, b) => a - b);
  const escaped = new Uint8Array(n);
  for (let f = 0; f < sorted.length; f++) {
    const end = sorted[f + 1] ?? n;
    let esc = false;
    for (let pc = sorted[f]; pc < end; pc++) esc ||= effects[pc].escape;
    if (esc) escaped.fill(1, sorted[f], end);
  }
  const regs = new Uint16Array(n);
  const stack = new BigUint64Array(n);
  const succ = insns.map((_, pc) =>
    successors(insns, pc).filter(
      (t) => t >= 0 && t < n && !(insns[pc].code === 0x85 && insns[pc].src === 1 && t !== pc + 1),
    ),
  );
  const preds: number[][] = insns.map(() => []);
  succ.forEach((ts, pc) => {
    for (const t of ts) preds[t].push(pc);
  });
  const work = Array.from({ length: n }, (_, i) => i);
  const queued = new Uint8Array(n).fill(1);
  while (work.length) {
    const pc = work.pop()!;
    queued[pc] = 0;
    const e = effects[pc];
    let outR = 0;
    let outS = 0n;
    for (const t of succ[pc]) {
      outR |= regs[t];
      outS |= stack[t];
    }
    const inR = e.use | (outR & ~e.def) | (1 << 10);
    const inS = escaped[pc] ? ALL_SLOTS : e.suse | (outS & ~e.sdef & ALL_SLOTS);
    if (inR !== regs[pc] || inS !== stack[pc]) {
      regs[pc] = inR;
      stack[pc] = inS;
      for (const p of preds[pc])
        if (!queued[p]) {
          queued[p] = 1;
          work.push(p);
        }
    }
  }
  return { regs, stack };
}
