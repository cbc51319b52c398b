/**
 * ALU instructions: register moves (with scalar ids linking copies, so a bounds check on one
 * copy bounds the others), scalar arithmetic through the scalar domain, and pointer
 * arithmetic with the kernel's rules and messages (what may be added to which pointer type).
 */
import type { Insn } from '../isa/insn.ts';
import { type Env, fail, MAX_VAR_OFF, nextId } from './env.ts';
import { type Bounds, from32, isConst, known, S64_MIN, sync, UNKNOWN, view } from './scalar.ts';
import { type AluOp, aluScalar } from './scalar-ops.ts';
import { cur, isPointer, type Reg, scalarReg, type VState } from './state.ts';
import { U32, U64 } from './tnum.ts';

const OPS: (AluOp | 'mov' | 'end')[] = [
  'add',
  'sub',
  'mul',
  'div',
  'or',
  'and',
  'lsh',
  'rsh',
  'neg',
  'mod',
  'xor',
  'mov',
  'arsh',
  'end',
];
const ALU_STR = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 'neg', '%=', '^=', '=', 's>>=', 'endian'];

/** Read a register operand: it must exist and be initialised. */
export function readReg(st: VState, regno: number): Reg {
  if (regno > 10) fail(`R${regno} is invalid`);
  const r = cur(st).regs[regno];
  if (r.type === 'not_init') fail(`R${regno} !read_ok`);
  return r;
}

export function checkDst(regno: number): void {
  if (regno > 10) fail(`R${regno} is invalid`);
  if (regno === 10) fail('frame pointer is read only');
}

function saneOffset(b: Bounds, off: number, type: string): void {
  const val = BigInt.asIntN(64, b.t.value);
  if (isConst(b) && (val >= BigInt(MAX_VAR_OFF) || val <= -BigInt(MAX_VAR_OFF)))
    fail(`math between ${type} pointer and ${val} is not allowed`);
  if (off >= MAX_VAR_OFF || off <= -MAX_VAR_OFF) fail(`${type} pointer offset ${off} is not allowed`);
  if (b.smin === S64_MIN) fail(`math between ${type} pointer and register with unbounded min value is not allowed`);
  if (b.smin >= BigInt(MAX_VAR_OFF) || b.smin <= -BigInt(MAX_VAR_OFF))
    fail(`value ${b.smin} makes ${type} pointer be out of bounds`);
}

function ptrArith(env: Env, dstno: number, op: AluOp, ptr: Reg, off: Reg, scalarIsDst: boolean, wide: boolean): Reg {
  if (!wide) fail(`R${dstno} 32-bit pointer arithmetic prohibited`);
  if (ptr.type === 'map_value_or_null')
    fail(`R${dstno} pointer arithmetic on ${ptr.type} prohibited, null-check it first`);
  const known0 = isConst(off.b) ? BigInt.asIntN(64, off.b.t.value) : null;
  const okType =
    ['ctx', 'map_value', 'fp', 'pkt', 'pkt_meta'].includes(ptr.type) ||
    (ptr.type === 'map_ptr' && known0 === 0n && op === 'add');
  if (!okType) fail(`R${dstno} pointer arithmetic on ${ptr.type} prohibited`);
  saneOffset(off.b, 0, ptr.type);
  saneOffset(ptr.b, ptr.off, ptr.type);
  let r: Reg;
  if (op === 'add') {
    if (known0 !== null && Math.abs(ptr.off + Number(known0)) < 2 ** 31) r = { ...ptr, off: ptr.off + Number(known0) };
    else {
      r = { ...ptr, b: aluScalar('add', ptr.b, off.b, 64) };
      if (ptr.type === 'pkt' || ptr.type === 'pkt_meta') r = { ...r, id: nextId(env), range: 0 };
    }
  } else if (op === 'sub') {
    if (scalarIsDst) fail(`R${dstno} tried to subtract pointer from scalar`);
    if (ptr.type === 'fp') fail(`R${dstno} subtraction from stack pointer prohibited`);
    if (known0 !== null && Math.abs(ptr.off - Number(known0)) < 2 ** 31) r = { ...ptr, off: ptr.off - Number(known0) };
    else {
      r = { ...ptr, b: aluScalar('sub', ptr.b, off.b, 64) };
      if (ptr.type === 'pkt' || ptr.type === 'pkt_meta')
        r = { ...r, id: nextId(env), range: off.b.smin < 0n ? 0 : ptr.range };
    }
  } else if (op === 'and' || op === 'or' || op === 'xor') {
    return fail(`R${dstno} bitwise operator ${ALU_STR[OPS.indexOf(op)]} on pointer prohibited`);
  } else {
    return fail(`R${dstno} pointer arithmetic with ${ALU_STR[OPS.indexOf(op)]} operator prohibited`);
  }
  saneOffset(r.b, r.off, ptr.type);
  return r;
}

const width = (b: Bounds) => (b.umax === 0n ? 0 : b.umax.toString(2).length);

/** Sign-extend the low `bits` of a scalar (movsx and sign-extending loads). */
export function signExtend(b: Bounds, bits: number): Bounds {
  if (isConst(b)) return known(BigInt.asIntN(bits, b.t.value) & U64);
  if (b.umax < 1n << BigInt(bits - 1)) return b;
  const lo = -(1n << BigInt(bits - 1));
  const hi = (1n << BigInt(bits - 1)) - 1n;
  return sync({ ...UNKNOWN, smin: lo, smax: hi }) ?? UNKNOWN;
}

export function checkAlu(env: Env, st: VState, insn: Insn): void {
  const f = cur(st);
  const wide = (insn.code & 7) === 7;
  const op = OPS[insn.code >> 4];
  const isX = (insn.code & 8) !== 0;
  if (op === undefined) fail(`invalid BPF_ALU opcode ${(insn.code >> 4).toString(16)}`);
  reservedFields(insn, op, wide, isX);
  if (op === 'end' || op === 'neg') {
    const d = readReg(st, insn.dst);
    checkDst(insn.dst);
    if (isPointer(d)) f.regs[insn.dst] = scalarReg(UNKNOWN);
    else if (op === 'neg') f.regs[insn.dst] = scalarReg(aluScalar('neg', d.b, known(0n), wide ? 64 : 32));
    else
      f.regs[insn.dst] = scalarReg(
        isConst(d.b)
          ? bswap(d.b, insn, wide)
          : insn.imm < 64 && !wide && (insn.code & 8) === 0
            ? truncate(d.b, insn.imm)
            : UNKNOWN,
      );
    return;
  }
  if (op === 'mov') {
    if (isX) {
      const s = readReg(st, insn.src);
      checkDst(insn.dst);
      if (wide && insn.off === 0) {
        let src = s;
        if (s.type === 'scalar' && !isConst(s.b) && s.id === 0) {
          src = { ...s, id: nextId(env) };
          f.regs[insn.src] = src;
        }
        f.regs[insn.dst] = src;
      } else if (s.type !== 'scalar') {
        f.regs[insn.dst] = scalarReg(UNKNOWN);
      } else if (insn.off) {
        const sx = signExtend(s.b, insn.off);
        f.regs[insn.dst] = scalarReg(wide ? sx : (from32(view(sx, 32)) ?? UNKNOWN));
      } else {
        const u32 = width(s.b) <= 32;
        let src = s;
        if (u32 && !isConst(s.b) && s.id === 0) {
          src = { ...s, id: nextId(env) };
          f.regs[insn.src] = src;
        }
        f.regs[insn.dst] = scalarReg(from32(view(src.b, 32)) ?? UNKNOWN, u32 ? src.id : 0);
      }
    } else {
      checkDst(insn.dst);
      f.regs[insn.dst] = scalarReg(known(wide ? BigInt(insn.imm) & U64 : BigInt(insn.imm >>> 0)));
    }
    return;
  }
  const src: Reg = isX ? readReg(st, insn.src) : scalarReg(known(BigInt(insn.imm) & U64));
  const dst = readReg(st, insn.dst);
  if ((op === 'div' || op === 'mod') && !isX && insn.imm === 0) fail('div by zero');
  if ((op === 'lsh' || op === 'rsh' || op === 'arsh') && !isX && (insn.imm < 0 || insn.imm >= (wide ? 64 : 32)))
    fail(`invalid shift ${insn.imm}`);
  checkDst(insn.dst);
  const signed = insn.off === 1 && (op === 'div' || op === 'mod');
  const realOp: AluOp = signed ? (op === 'div' ? 'sdiv' : 'smod') : (op as AluOp);
  if (isPointer(src) || isPointer(dst)) {
    if (isPointer(src) && isPointer(dst)) {
      if (realOp === 'sub') f.regs[insn.dst] = scalarReg(UNKNOWN);
      else fail(`R${insn.dst} pointer ${ALU_STR[OPS.indexOf(op)]} pointer prohibited`);
      return;
    }
    f.regs[insn.dst] = isPointer(dst)
      ? ptrArith(env, insn.dst, realOp, dst, src, false, wide)
      : ptrArith(env, insn.dst, realOp, src, dst, true, wide);
    return;
  }
  f.regs[insn.dst] = scalarReg(aluScalar(realOp, dst.b, src.b, wide ? 64 : 32));
}

/** The kernel's reserved-field checks, before any register is looked at. */
function reservedFields(insn: Insn, op: string, wide: boolean, isX: boolean): void {
  if (op === 'neg') {
    if (isX || insn.src !== 0 || insn.off !== 0 || insn.imm !== 0) fail('BPF_NEG uses reserved fields');
  } else if (op === 'end') {
    if (insn.src !== 0 || insn.off !== 0 || ![16, 32, 64].includes(insn.imm) || (wide && isX))
      fail('BPF_END uses reserved fields');
  } else if (op === 'mov') {
    const offs = wide ? [0, 8, 16, 32] : [0, 8, 16];
    if (isX ? insn.imm !== 0 || !offs.includes(insn.off) : insn.src !== 0 || insn.off !== 0)
      fail('BPF_MOV uses reserved fields');
  } else {
    const badOff = (insn.off !== 0 && insn.off !== 1) || (insn.off === 1 && op !== 'div' && op !== 'mod');
    if (isX ? insn.imm !== 0 || badOff : insn.src !== 0 || badOff) fail('BPF_ALU uses reserved fields');
  }
}

function truncate(b: Bounds, bits: number): Bounds {
  const m = (1n << BigInt(bits)) - 1n;
  if (b.umax <= m) return b;
  return sync({ ...UNKNOWN, umin: 0n, umax: m, smin: 0n, smax: m, t: { value: 0n, mask: m } }) ?? UNKNOWN;
}

function bswap(b: Bounds, insn: Insn, wide: boolean): Bounds {
  const bits = insn.imm;
  const v = b.t.value & ((1n << BigInt(bits)) - 1n);
  const toBe = (insn.code & 8) !== 0;
  if (!wide && !toBe) return known(v);
  let out = 0n;
  for (let i = 0; i < bits / 8; i++) out = (out << 8n) | ((v >> BigInt(8 * i)) & 0xffn);
  return known(out & (bits === 64 ? U64 : U32 | ((1n << BigInt(bits)) - 1n)));
}
