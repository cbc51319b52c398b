/**
 * eBPF opcode fields as data (RFC 9669), and small builders for the instruction shapes the
 * code generator emits. The ISA module owns encoding/decoding; this is only what codegen needs
 * to build `Insn` values.
 */
import type { Insn } from '../isa/insn.ts';

export const Cls = {
  LD: 0x00,
  LDX: 0x01,
  ST: 0x02,
  STX: 0x03,
  ALU: 0x04,
  JMP: 0x05,
  JMP32: 0x06,
  ALU64: 0x07,
} as const;
export const Size = { 1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18 } as const;
export const MEM = 0x60;
export const ATOMIC = 0xc0;
export const X = 0x08;
export const Alu = {
  ADD: 0x00,
  SUB: 0x10,
  MUL: 0x20,
  DIV: 0x30,
  OR: 0x40,
  AND: 0x50,
  LSH: 0x60,
  RSH: 0x70,
  NEG: 0x80,
  MOD: 0x90,
  XOR: 0xa0,
  MOV: 0xb0,
  ARSH: 0xc0,
  END: 0xd0,
} as const;
export const Jmp = {
  JA: 0x00,
  JEQ: 0x10,
  JGT: 0x20,
  JGE: 0x30,
  JSET: 0x40,
  JNE: 0x50,
  JSGT: 0x60,
  JSGE: 0x70,
  CALL: 0x80,
  EXIT: 0x90,
  JLT: 0xa0,
  JLE: 0xb0,
  JSLT: 0xc0,
  JSLE: 0xd0,
} as const;
export const AtomicOp = { ADD: 0x00, OR: 0x40, AND: 0x50, XOR: 0xa0, FETCH: 0x01, XCHG: 0xe1, CMPXCHG: 0xf1 } as const;

export type Width = 1 | 2 | 4 | 8;

export const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0): Insn => ({ code, dst, src, off, imm });
/** ALU with an immediate; `wide` selects ALU64 over ALU (32-bit, zero-extending). */
export const aluK = (op: number, wide: boolean, dst: number, imm: number): Insn =>
  ins((wide ? Cls.ALU64 : Cls.ALU) | op, dst, 0, 0, imm);
export const aluX = (op: number, wide: boolean, dst: number, src: number): Insn =>
  ins((wide ? Cls.ALU64 : Cls.ALU) | op | X, dst, src);
export const ldx = (size: Width, dst: number, src: number, off: number): Insn =>
  ins(Cls.LDX | MEM | Size[size], dst, src, off);
export const stx = (size: Width, dst: number, src: number, off: number): Insn =>
  ins(Cls.STX | MEM | Size[size], dst, src, off);
export const st = (size: Width, dst: number, off: number, imm: number): Insn =>
  ins(Cls.ST | MEM | Size[size], dst, 0, off, imm);
export const lddw = (dst: number, v: bigint, src = 0): Insn => {
  const u = BigInt.asUintN(64, v);
  return { code: 0x18, dst, src, off: 0, imm: Number(BigInt.asIntN(32, u)), imm64: u };
};
export const atomic = (size: 4 | 8, dst: number, src: number, off: number, op: number): Insn =>
  ins(Cls.STX | ATOMIC | Size[size], dst, src, off, op);
export const call = (id: number, src = 0): Insn => ins(Cls.JMP | Jmp.CALL, 0, src, 0, id);
export const exit = (): Insn => ins(Cls.JMP | Jmp.EXIT);

export const fitsS32 = (v: bigint): boolean => v >= -(1n << 31n) && v < 1n << 31n;
export const fitsS16 = (v: number): boolean => v >= -32768 && v <= 32767;
