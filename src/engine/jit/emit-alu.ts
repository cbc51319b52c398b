/**
 * ALU and ALU64 instructions → wasm, with the kernel interpreter's exact semantics: 32-bit
 * operations work on the low halves and zero-extend the result; shift counts are masked (wasm
 * masks the same way); unsigned division by zero gives 0, modulo by zero keeps the dividend
 * (truncated to 32 bits for ALU32); signed division (off = 1) by -1 is negation, so INT_MIN / -1
 * stays INT_MIN instead of trapping like wasm's div_s; `movsx` (off = 8/16/32) sign-extends;
 * BPF_END converts byte order on our little-endian memory (to-le truncates, to-be and ALU64
 * bswap swap bytes).
 */
import type { Insn } from '../isa/insn.ts';
import { JitError } from './cfg.ts';
import { L, reg } from './regs.ts';
import type { Code } from './wasm/encoder.ts';
import { BlockType, Op } from './wasm/opcodes.ts';

/** Plain binary ops: BPF op >> 4 → [i64 op, i32 op]. */
const BIN: Record<number, [number, number]> = {
  0: [Op.i64_add, Op.i32_add],
  1: [Op.i64_sub, Op.i32_sub],
  2: [Op.i64_mul, Op.i32_mul],
  4: [Op.i64_or, Op.i32_or],
  5: [Op.i64_and, Op.i32_and],
  6: [Op.i64_shl, Op.i32_shl],
  7: [Op.i64_shr_u, Op.i32_shr_u],
  10: [Op.i64_xor, Op.i32_xor],
  12: [Op.i64_shr_s, Op.i32_shr_s],
};

export function emitAlu(c: Code, insn: Insn, pc: number): void {
  const wide = (insn.code & 7) === 0x07;
  const op = insn.code >> 4;
  const isReg = (insn.code & 8) !== 0;
  const dst = reg(insn.dst, pc);
  const pushDst = () => {
    c.localGet(dst);
    if (!wide) c.op(Op.i32_wrap_i64);
  };
  const pushSrc = () => {
    if (isReg) {
      c.localGet(reg(insn.src, pc));
      if (!wide) c.op(Op.i32_wrap_i64);
    } else if (wide) c.i64Const(BigInt(insn.imm));
    else c.i32Const(insn.imm);
  };
  const finish = () => {
    if (!wide) c.op(Op.i64_extend_i32_u);
    c.localSet(dst);
  };
  const bin = BIN[op];
  if (bin) {
    if (insn.off !== 0 && isReg) {
      // reserved encodings (off must be 0) — reject rather than guess
      throw new JitError(`invalid offset ${insn.off} for ALU op`, pc);
    }
    pushDst();
    pushSrc();
    c.op(wide ? bin[0] : bin[1]);
    finish();
    return;
  }
  switch (op) {
    case 0x8: // NEG
      if (wide) c.i64Const(0n);
      else c.i32Const(0);
      pushDst();
      c.op(wide ? Op.i64_sub : Op.i32_sub);
      finish();
      return;
    case 0xb: // MOV / MOVSX
      if (!isReg) {
        c.i64Const(wide ? BigInt(insn.imm) : BigInt(insn.imm >>> 0)).localSet(dst);
        return;
      }
      pushSrc();
      if (insn.off !== 0) {
        const ext: Record<number, number | undefined> = wide
          ? { 8: Op.i64_extend8_s, 16: Op.i64_extend16_s, 32: Op.i64_extend32_s }
          : { 8: Op.i32_extend8_s, 16: Op.i32_extend16_s };
        const e = ext[insn.off];
        if (e === undefined) throw new JitError(`invalid movsx offset ${insn.off}`, pc);
        c.op(e);
      }
      finish();
      return;
    case 0x3: // DIV / SDIV
    case 0x9: // MOD / SMOD
      divMod(c, insn, pc, wide, op === 0x9, pushDst, pushSrc, finish);
      return;
    case 0xd: // END / BSWAP
      endian(c, insn, pc, dst);
      return;
    default:
      throw new JitError(`unsupported ALU instruction 0x${insn.code.toString(16)}`, pc);
  }
}

function divMod(
  c: Code,
  insn: Insn,
  pc: number,
  wide: boolean,
  mod: boolean,
  pushDst: () => void,
  pushSrc: () => void,
  finish: () => void,
): void {
  if (insn.off !== 0 && insn.off !== 1) throw new JitError(`invalid division offset ${insn.off}`, pc);
  const signed = insn.off === 1;
  const T = wide ? BlockType.i64 : BlockType.i32;
  const zero = () => (wide ? c.i64Const(0n) : c.i32Const(0));
  const eqz = wide ? Op.i64_eqz : Op.i32_eqz;
  const opc = mod
    ? wide
      ? signed
        ? Op.i64_rem_s
        : Op.i64_rem_u
      : signed
        ? Op.i32_rem_s
        : Op.i32_rem_u
    : wide
      ? signed
        ? Op.i64_div_s
        : Op.i64_div_u
      : signed
        ? Op.i32_div_s
        : Op.i32_div_u;
  const byZero = () => (mod ? pushDst() : zero());
  if (!(insn.code & 8)) {
    // Immediate divisor: the special cases are known now.
    if (insn.imm === 0) byZero();
    else if (signed && insn.imm === -1) {
      if (mod) zero();
      else {
        zero();
        pushDst();
        c.op(wide ? Op.i64_sub : Op.i32_sub);
      }
    } else {
      pushDst();
      pushSrc();
      c.op(opc);
    }
    finish();
    return;
  }
  pushSrc();
  c.op(eqz).if(T);
  byZero();
  c.else();
  if (signed && !mod) {
    // wasm div_s traps on INT_MIN / -1; BPF gives INT_MIN (negation wraps). rem_s does not trap.
    pushSrc();
    if (wide) c.i64Const(-1n).op(Op.i64_eq);
    else c.i32Const(-1).op(Op.i32_eq);
    c.if(T);
    zero();
    pushDst();
    c.op(wide ? Op.i64_sub : Op.i32_sub);
    c.else();
    pushDst();
    pushSrc();
    c.op(opc);
    c.end();
  } else {
    pushDst();
    pushSrc();
    c.op(opc);
  }
  c.end();
  finish();
}

/** Byte swap of the low 32 bits of the i32 on the stack (uses local L.a). */
function bswap32(c: Code): void {
  c.localTee(L.a).i32Const(0x00ff00ff).op(Op.i32_and).i32Const(8).op(Op.i32_rotr);
  c.localGet(L.a)
    .i32Const(0xff00ff00 | 0)
    .op(Op.i32_and)
    .i32Const(8)
    .op(Op.i32_rotl);
  c.op(Op.i32_or);
}

function endian(c: Code, insn: Insn, pc: number, dst: number): void {
  const width = insn.imm;
  if (width !== 16 && width !== 32 && width !== 64) throw new JitError(`invalid endian width ${width}`, pc);
  const swap = (insn.code & 7) === 0x07 || (insn.code & 8) !== 0; // bswap, or to-be
  if (!swap) {
    // to-le on a little-endian machine: truncate to the width.
    if (width === 16) c.localGet(dst).i64Const(0xffffn).op(Op.i64_and).localSet(dst);
    else if (width === 32) c.localGet(dst).i64Const(0xffffffffn).op(Op.i64_and).localSet(dst);
    return;
  }
  if (width === 16) {
    c.localGet(dst).op(Op.i32_wrap_i64).localTee(L.a).i32Const(8).op(Op.i32_shl).i32Const(0xff00).op(Op.i32_and);
    c.localGet(L.a).i32Const(8).op(Op.i32_shr_u).i32Const(0xff).op(Op.i32_and).op(Op.i32_or);
    c.op(Op.i64_extend_i32_u).localSet(dst);
  } else if (width === 32) {
    c.localGet(dst).op(Op.i32_wrap_i64);
    bswap32(c);
    c.op(Op.i64_extend_i32_u).localSet(dst);
  } else {
    // swap each half, then exchange the halves
    c.localGet(dst).op(Op.i32_wrap_i64);
    bswap32(c);
    c.op(Op.i64_extend_i32_u).i64Const(32n).op(Op.i64_shl);
    c.localGet(dst).i64Const(32n).op(Op.i64_shr_u).op(Op.i32_wrap_i64);
    bswap32(c);
    c.op(Op.i64_extend_i32_u).op(Op.i64_or).localSet(dst);
  }
}
