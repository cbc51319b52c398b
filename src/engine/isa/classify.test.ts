import { describe, expect, test } from 'vitest';
import {
  atomicOp,
  isAlu64,
  isAtomic,
  isCondJump,
  isJump,
  isLddw,
  isLddwFiller,
  isLoad,
  isSignExtLoad,
  isStore,
  isValidOpcode,
  jumpTarget,
  memSize,
} from './classify.ts';
import { insn, lddw } from './codec.ts';
import { BPF_CMPXCHG, BPF_FETCH, BPF_OR, BPF_XCHG, OP, OPCODES } from './opcodes.ts';

describe('opcode table', () => {
  test('well-known bytes compose from their fields', () => {
    expect(OP.LDDW).toBe(0x18);
    expect(OP.MOV64_IMM).toBe(0xb7);
    expect(OP.STXW).toBe(0x63);
    expect(OP.ATOMIC32).toBe(0xc3);
    expect(OP.ATOMIC64).toBe(0xdb);
    expect(OP.CALL).toBe(0x85);
    expect(OP.EXIT).toBe(0x95);
    expect(OP.JA32).toBe(0x06);
    expect(OP.BSWAP).toBe(0xd7);
    expect(OP.LDXSB).toBe(0x91);
    expect(BPF_XCHG).toBe(0xe1);
    expect(BPF_CMPXCHG).toBe(0xf1);
  });

  test('ISA v4 has the expected number of opcodes and rejects the rest', () => {
    // 2×(13 K + 12 X) ALU + 3 END + 2×22 conditional + ja + ja32 + call + callx + exit + lddw
    // + 4 ldx + 3 ldxs + 4 st + 4 stx + 6 legacy packet loads + 2 atomics.
    expect(OPCODES.size).toBe(50 + 3 + 44 + 5 + 1 + 4 + 3 + 4 + 4 + 6 + 2);
    for (const bad of [0x00, 0x8c, 0x8f, 0xdf, 0x38, 0x99, 0x01, 0x96, 0x86, 0xd3, 0x9e, 0x8e, 0xe5]) {
      expect(isValidOpcode(bad), bad.toString(16)).toBe(false);
    }
  });
});

describe('classification', () => {
  test('lddw and its filler slot', () => {
    const prog = [...lddw(1, 5n), ...lddw(2, 6n), insn(OP.EXIT)];
    expect(isLddw(prog[0]!)).toBe(true);
    expect(prog.map((_, pc) => isLddwFiller(prog, pc))).toEqual([false, true, false, true, false]);
  });

  test('jumps and their targets', () => {
    expect(isJump(insn(OP.JA, 0, 0, 3))).toBe(true);
    expect(isJump(insn(OP.CALL, 0, 0, 0, 1))).toBe(false);
    expect(isJump(insn(OP.EXIT))).toBe(false);
    expect(isCondJump(insn(0x15, 1, 0, 2, 0))).toBe(true);
    expect(isCondJump(insn(0x16, 1, 0, 2, 0))).toBe(true);
    expect(jumpTarget(insn(0x15, 1, 0, -2, 0), 10)).toBe(9);
    expect(jumpTarget(insn(OP.JA32, 0, 0, 99, 4), 10)).toBe(15);
    expect(jumpTarget(insn(OP.CALL, 0, 1, 0, 7), 2)).toBe(10);
    expect(jumpTarget(insn(OP.CALL, 0, 0, 0, 7), 2)).toBeNull();
    expect(jumpTarget(insn(OP.MOV64_IMM), 2)).toBeNull();
  });

  test('memory sizes', () => {
    expect(memSize(OP.LDXB)).toBe(1);
    expect(memSize(OP.LDXSH)).toBe(2);
    expect(memSize(OP.STW)).toBe(4);
    expect(memSize(OP.STXDW)).toBe(8);
    expect(memSize(OP.ATOMIC32)).toBe(4);
    expect(memSize(OP.ATOMIC64)).toBe(8);
    expect(memSize(OP.LDDW)).toBe(0);
    expect(memSize(OP.ADD64_IMM)).toBe(0);
    expect(isLoad(insn(OP.LDXW))).toBe(true);
    expect(isSignExtLoad(insn(OP.LDXSW))).toBe(true);
    expect(isStore(insn(OP.STB))).toBe(true);
    expect(isStore(insn(OP.ATOMIC64))).toBe(false);
    expect(isAlu64(insn(OP.BSWAP))).toBe(true);
    expect(isAlu64(insn(OP.BE))).toBe(false);
  });

  test('atomic operations', () => {
    expect(isAtomic(insn(OP.ATOMIC64, 1, 2, 0, 0))).toBe(true);
    expect(atomicOp(insn(OP.ATOMIC64, 1, 2, 0, 0))).toEqual({ op: 'add', fetch: false, size: 8 });
    expect(atomicOp(insn(OP.ATOMIC32, 1, 2, 0, BPF_OR | BPF_FETCH))).toEqual({ op: 'or', fetch: true, size: 4 });
    expect(atomicOp(insn(OP.ATOMIC64, 1, 2, 0, BPF_XCHG))).toEqual({ op: 'xchg', fetch: true, size: 8 });
    expect(atomicOp(insn(OP.ATOMIC32, 1, 2, 0, BPF_CMPXCHG))).toEqual({ op: 'cmpxchg', fetch: true, size: 4 });
    expect(atomicOp(insn(OP.ATOMIC64, 1, 2, 0, 0x10))).toBeNull();
    expect(atomicOp(insn(OP.STXDW, 1, 2, 0, 0))).toBeNull();
  });
});
