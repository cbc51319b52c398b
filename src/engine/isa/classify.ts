/**
 * Questions every stage asks about an instruction (is it a jump, an atomic, how many bytes
 * does it touch, where does it branch to), answered from the opcode table. Pure functions over
 * the shared `Insn` model; no decoding or printing here.
 */
import type { Insn } from './insn.ts';
import {
  BPF_ADD,
  BPF_AND,
  BPF_ATOMIC,
  BPF_CMPXCHG,
  BPF_FETCH,
  BPF_JMP32,
  BPF_LDX,
  BPF_OR,
  BPF_PSEUDO_CALL,
  BPF_STX,
  BPF_XCHG,
  BPF_XOR,
  OP,
  OPCODES,
  type OpcodeInfo,
  opClass,
  opMode,
  opSize,
  SIZES,
} from './opcodes.ts';

/** The table entry for this opcode byte, or undefined for an unknown opcode. */
export function opcodeInfo(code: number): OpcodeInfo | undefined {
  return OPCODES.get(code);
}

export function isValidOpcode(code: number): boolean {
  return OPCODES.has(code);
}

export const isLddw = (i: Insn): boolean => i.code === OP.LDDW;
export const isExit = (i: Insn): boolean => i.code === OP.EXIT;
/** Any `call` with an immediate target: helper (src 0), BPF-to-BPF (src 1) or kfunc (src 2). */
export const isCall = (i: Insn): boolean => i.code === OP.CALL;
export const isHelperCall = (i: Insn): boolean => i.code === OP.CALL && i.src === 0;
export const isLocalCall = (i: Insn): boolean => i.code === OP.CALL && i.src === BPF_PSEUDO_CALL;

/** Unconditional (`ja`, `ja32`) or conditional branch: the instructions that carry a target. */
export function isJump(i: Insn): boolean {
  const k = OPCODES.get(i.code)?.kind;
  return k === 'ja' || k === 'jcond';
}

export const isCondJump = (i: Insn): boolean => OPCODES.get(i.code)?.kind === 'jcond';

/** JMP32 class (32-bit compares and `ja32`). */
export const isJmp32 = (i: Insn): boolean => opClass(i.code) === BPF_JMP32;

export function isAlu(i: Insn): boolean {
  const k = OPCODES.get(i.code)?.kind;
  return k === 'alu' || k === 'end';
}

/** 64-bit ALU (ALU64 class, including `bswap`). */
export const isAlu64 = (i: Insn): boolean => isAlu(i) && OPCODES.get(i.code)!.wide;

export const isAtomic = (i: Insn): boolean => opClass(i.code) === BPF_STX && opMode(i.code) === BPF_ATOMIC;

/** Memory loads through a register (`ldx`, sign-extending `ldxs`). */
export function isLoad(i: Insn): boolean {
  return opClass(i.code) === BPF_LDX && OPCODES.has(i.code);
}

/** Plain stores (`st`, `stx`); atomics are not stores here. */
export function isStore(i: Insn): boolean {
  const k = OPCODES.get(i.code)?.kind;
  return k === 'st' || k === 'stx';
}

/** Sign-extending load (`ldxsb/sh/sw`, BPF_MEMSX). */
export const isSignExtLoad = (i: Insn): boolean => OPCODES.get(i.code)?.kind === 'ldxsx';

/** Bytes touched by a load/store/atomic opcode (size field), or 0 if it does not access memory. */
export function memSize(code: number): 0 | 1 | 2 | 4 | 8 {
  const k = OPCODES.get(code)?.kind;
  if (!(k === 'ldx' || k === 'ldxsx' || k === 'st' || k === 'stx' || k === 'atomic' || k === 'ldabs' || k === 'ldind'))
    return 0;
  const size = opSize(code);
  for (const [field, bytes] of SIZES) if (field === size) return bytes;
  return 0;
}

export type AtomicOpName = 'add' | 'or' | 'and' | 'xor' | 'xchg' | 'cmpxchg';

export interface AtomicOp {
  op: AtomicOpName;
  /** The old value is returned: in `src` for add/or/and/xor/xchg, in R0 for cmpxchg. */
  fetch: boolean;
  /** Operand width in bytes. */
  size: 4 | 8;
}

const ATOMIC_BY_IMM = new Map<number, AtomicOp['op']>([
  [BPF_ADD, 'add'],
  [BPF_OR, 'or'],
  [BPF_AND, 'and'],
  [BPF_XOR, 'xor'],
]);

/** Which atomic operation an atomic instruction performs; null for non-atomics or a bad imm. */
export function atomicOp(i: Insn): AtomicOp | null {
  if (i.code !== OP.ATOMIC32 && i.code !== OP.ATOMIC64) return null;
  const size = i.code === OP.ATOMIC64 ? 8 : 4;
  if (i.imm === BPF_XCHG) return { op: 'xchg', fetch: true, size };
  if (i.imm === BPF_CMPXCHG) return { op: 'cmpxchg', fetch: true, size };
  const op = ATOMIC_BY_IMM.get(i.imm & ~BPF_FETCH);
  if (op === undefined) return null;
  return { op, fetch: (i.imm & BPF_FETCH) !== 0, size };
}

/**
 * Slot index a jump or BPF-to-BPF call at `pc` transfers to, or null if `i` has no target.
 * `ja32` and local calls take the displacement from `imm`; every other branch from `off`.
 */
export function jumpTarget(i: Insn, pc: number): number | null {
  if (i.code === OP.JA32 || isLocalCall(i)) return pc + 1 + i.imm;
  if (isJump(i)) return pc + 1 + i.off;
  return null;
}

/** Is slot `pc` the filler (second) slot of a `lddw`? */
export function isLddwFiller(insns: readonly Insn[], pc: number): boolean {
  // A filler can itself look like a lddw only in malformed code; walk from the start of the
  // run of lddw-looking slots so that pairs are matched the way decode() paired them.
  let start = pc;
  while (start > 0 && isLddw(insns[start - 1]!)) start--;
  return pc > start && (pc - start) % 2 === 1;
}
