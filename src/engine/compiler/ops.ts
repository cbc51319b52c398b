/**
 * The opcode fields the code generator names (taken from the ISA module's tables), and small
 * builders for the instruction shapes it emits. The ISA module owns the opcode table and
 * encoding/decoding; this is only what codegen needs to build `Insn` values.
 */
import type { Insn } from '../isa/insn.ts';
import * as B from '../isa/opcodes.ts';

// Named views of the ISA module's opcode fields (src/engine/isa/opcodes.ts is the one table).
export const Cls = {
  LD: B.BPF_LD,
  LDX: B.BPF_LDX,
  ST: B.BPF_ST,
  STX: B.BPF_STX,
  ALU: B.BPF_ALU,
  JMP: B.BPF_JMP,
  JMP32: B.BPF_JMP32,
  ALU64: B.BPF_ALU64,
} as const;
export const Size = { 1: B.BPF_B, 2: B.BPF_H, 4: B.BPF_W, 8: B.BPF_DW } as const;
export const MEM = B.BPF_MEM;
export const ATOMIC = B.BPF_ATOMIC;
export const X = B.BPF_X;
export const Alu = {
  ADD: B.BPF_ADD,
  SUB: B.BPF_SUB,
  MUL: B.BPF_MUL,
  DIV: B.BPF_DIV,
  OR: B.BPF_OR,
  AND: B.BPF_AND,
  LSH: B.BPF_LSH,
  RSH: B.BPF_RSH,
  NEG: B.BPF_NEG,
  MOD: B.BPF_MOD,
  XOR: B.BPF_XOR,
  MOV: B.BPF_MOV,
  ARSH: B.BPF_ARSH,
  END: B.BPF_END,
} as const;
export const Jmp = {
  JA: B.BPF_JA,
  JEQ: B.BPF_JEQ,
  JGT: B.BPF_JGT,
  JGE: B.BPF_JGE,
  JSET: B.BPF_JSET,
  JNE: B.BPF_JNE,
  JSGT: B.BPF_JSGT,
  JSGE: B.BPF_JSGE,
  CALL: B.BPF_CALL,
  EXIT: B.BPF_EXIT,
  JLT: B.BPF_JLT,
  JLE: B.BPF_JLE,
  JSLT: B.BPF_JSLT,
  JSLE: B.BPF_JSLE,
} as const;
export const AtomicOp = {
  ADD: B.BPF_ADD,
  OR: B.BPF_OR,
  AND: B.BPF_AND,
  XOR: B.BPF_XOR,
  FETCH: B.BPF_FETCH,
  XCHG: B.BPF_XCHG,
  CMPXCHG: B.BPF_CMPXCHG,
} as const;

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
  return { code: B.OP.LDDW, dst, src, off: 0, imm: Number(BigInt.asIntN(32, u)), imm64: u };
};
export const atomic = (size: 4 | 8, dst: number, src: number, off: number, op: number): Insn =>
  ins(Cls.STX | ATOMIC | Size[size], dst, src, off, op);
export const call = (id: number, src = 0): Insn => ins(Cls.JMP | Jmp.CALL, 0, src, 0, id);
export const exit = (): Insn => ins(Cls.JMP | Jmp.EXIT);

export const fitsS32 = (v: bigint): boolean => v >= -(1n << 31n) && v < 1n << 31n;
export const fitsS16 = (v: number): boolean => v >= -32768 && v <= 32767;
