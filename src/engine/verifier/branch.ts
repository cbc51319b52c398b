/**
 * Conditional jumps: decide the branch when the operands' ranges allow it, otherwise split the
 * state and refine each side — scalar bounds (propagated to linked copies), NULL checks of
 * map lookup results (by id, in every register and spilled slot), and packet ranges after
 * `pkt + N <op> pkt_end` comparisons.
 */
import type { Insn } from '../isa/insn.ts';
import { readReg } from './alu.ts';
import { type Env, fail, lockOff } from './env.ts';
import type { Bounds } from './scalar.ts';
import { isZero, known } from './scalar.ts';
import { branchTaken, type JmpOp, refine } from './scalar-cmp.ts';
import { cloneState, cur, isPointer, type Reg, scalarReg, type VState } from './state.ts';
import { U64 } from './tnum.ts';

const OPS: Record<number, JmpOp> = {
  16: 'jeq',
  32: 'jgt',
  48: 'jge',
  64: 'jset',
  80: 'jne',
  96: 'jsgt',
  112: 'jsge',
  160: 'jlt',
  176: 'jle',
  192: 'jslt',
  208: 'jsle',
};

export interface BranchOutcome {
  taken: VState | null;
  fall: VState | null;
}

/** Apply `fn` to every register and spilled register of every frame. */
function eachReg(st: VState, fn: (r: Reg) => Reg): void {
  for (const f of st.frames) {
    for (let i = 0; i < f.regs.length; i++) f.regs[i] = fn(f.regs[i]);
    for (let i = 0; i < f.spills.length; i++) {
      const s = f.spills[i];
      if (s) f.spills[i] = fn(s);
    }
  }
}

function markNull(st: VState, id: number, isNull: boolean): void {
  eachReg(st, (r) => {
    if (r.type !== 'map_value_or_null' || r.id !== id) return r;
    if (isNull) return scalarReg(known(0n));
    const map = r.map!;
    if (map.inner) return { ...r, type: 'map_ptr', map: map.inner, id: 0, off: 0 };
    return { ...r, type: 'map_value', id: lockOff(map) >= 0 ? r.id : 0 };
  });
}

function setScalar(st: VState, regno: number, old: Reg, b: Bounds): void {
  const f = cur(st);
  f.regs[regno] = { ...old, b };
  if (old.id) eachReg(st, (r) => (r.type === 'scalar' && r.id === old.id ? { ...r, b } : r));
}

/** `pkt(+off) <op> pkt_end`: grant `range` bytes to every packet pointer with the same id. */
function markPacket(st: VState | null, ptr: Reg, open: boolean): void {
  if (!st) return;
  if (ptr.off < 0 || (ptr.off === 0 && open)) return;
  if (ptr.b.umax > 0xffffn || ptr.b.umax + BigInt(ptr.off) > 0xffffn) return;
  const range = ptr.off + (open ? 1 : 0);
  eachReg(st, (r) => (r.type === ptr.type && r.id === ptr.id && range > r.range ? { ...r, range } : r));
}

function packetCompare(op: JmpOp, dst: Reg, src: Reg, out: BranchOutcome): boolean {
  const pkt = (r: Reg) => r.type === 'pkt' || r.type === 'pkt_meta';
  const end = (r: Reg) => r.type === 'pkt_end';
  const dstPkt = pkt(dst) && end(src);
  const srcPkt = end(dst) && pkt(src);
  if (!dstPkt && !srcPkt) return false;
  // Which side proves `pkt' <= end` (closed) or `pkt' < end` (open)?
  const table: Record<string, [keyof BranchOutcome, boolean] | undefined> = {
    'jgt:d': ['fall', false],
    'jgt:s': ['taken', true],
    'jlt:d': ['taken', true],
    'jlt:s': ['fall', false],
    'jge:d': ['fall', true],
    'jge:s': ['taken', false],
    'jle:d': ['taken', false],
    'jle:s': ['fall', true],
  };
  const hit = table[`${op}:${dstPkt ? 'd' : 's'}`];
  if (hit) markPacket(out[hit[0]], dstPkt ? dst : src, hit[1]);
  return true;
}

/** Non-NULL pointer types: a comparison with 0 is decided. */
const notNull = (r: Reg) => r.type === 'map_value' || r.type === 'map_ptr';

export function condJump(env: Env, st: VState, insn: Insn): BranchOutcome {
  const op = OPS[insn.code & 0xf0];
  if (!op) fail(`invalid BPF_JMP/JMP32 opcode ${(insn.code & 0xf0).toString(16)}`);
  const isX = (insn.code & 8) !== 0;
  const w = (insn.code & 7) === 6 ? 32 : 64;
  if (isX ? insn.imm !== 0 : insn.src !== 0) fail('BPF_JMP/JMP32 uses reserved fields');
  const src: Reg = isX ? readReg(st, insn.src) : scalarReg(known(BigInt(insn.imm) & U64));
  const dst = readReg(st, insn.dst);
  void env;
  // Decide the branch when possible.
  let pred: 1 | 0 | -1 = -1;
  if (dst.type === 'scalar' && src.type === 'scalar') pred = branchTaken(op, dst.b, src.b, w);
  else if (isPointer(dst) && src.type === 'scalar' && isZero(src.b) && notNull(dst) && w === 64) {
    if (op === 'jeq') pred = 0;
    if (op === 'jne') pred = 1;
  }
  if (pred === 1) return { taken: st, fall: null };
  if (pred === 0) return { taken: null, fall: st };
  const out: BranchOutcome = { taken: cloneState(st), fall: st };
  if (dst.type === 'scalar' && src.type === 'scalar') {
    const r = refine(op, dst.b, src.b, w);
    for (const side of ['taken', 'fall'] as const) {
      const s = out[side]!;
      const b = r[side];
      if (!b) {
        out[side] = null;
        continue;
      }
      setScalar(s, insn.dst, dst, b[0]);
      if (isX) setScalar(s, insn.src, src, b[1]);
    }
    return out;
  }
  if (
    w === 64 &&
    (op === 'jeq' || op === 'jne') &&
    dst.type === 'map_value_or_null' &&
    src.type === 'scalar' &&
    isZero(src.b)
  ) {
    markNull(out.fall!, dst.id, op === 'jne');
    markNull(out.taken!, dst.id, op === 'jeq');
    return out;
  }
  if (w === 64) packetCompare(op, dst, src, out);
  return out;
}
