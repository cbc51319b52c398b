/**
 * ALU and ALU64 against a BigInt reference model of RFC 9669, over random and edge operands:
 * catches carry, sign-extension and shift mistakes of the 32-bit-halves register file.
 */
import { describe, expect, test } from 'vitest';
import { insn, lddw } from '../isa/codec.ts';
import type { Insn } from '../isa/insn.ts';
import { runBare } from './testing.ts';

const M64 = (1n << 64n) - 1n;
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);

/** Reference semantics: op name, 64-bit?, signed (off=1)?, dst, src → result (u64). */
function ref(op: string, wide: boolean, signed: boolean, a: bigint, b: bigint): bigint {
  if (wide) {
    switch (op) {
      case 'add':
        return u64(a + b);
      case 'sub':
        return u64(a - b);
      case 'mul':
        return u64(a * b);
      case 'div':
        if (b === 0n) return 0n;
        return signed ? u64(s64(a) === -(1n << 63n) && s64(b) === -1n ? s64(a) : s64(a) / s64(b)) : a / b;
      case 'mod':
        if (b === 0n) return a;
        return signed ? u64(s64(b) === -1n ? 0n : s64(a) % s64(b)) : a % b;
      case 'or':
        return a | b;
      case 'and':
        return a & b;
      case 'xor':
        return a ^ b;
      case 'lsh':
        return u64(a << (b & 63n));
      case 'rsh':
        return a >> (b & 63n);
      case 'arsh':
        return u64(s64(a) >> (b & 63n));
      case 'mov':
        return b;
    }
  }
  const x = u32(a);
  const y = u32(b);
  switch (op) {
    case 'add':
      return u32(x + y);
    case 'sub':
      return u32(x - y);
    case 'mul':
      return u32(x * y);
    case 'div':
      if (y === 0n) return 0n;
      return signed ? u32(s32(x) / s32(y)) : x / y;
    case 'mod':
      if (y === 0n) return x;
      return signed ? u32(s32(y) === -1n ? 0n : s32(x) % s32(y)) : x % y;
    case 'or':
      return x | y;
    case 'and':
      return x & y;
    case 'xor':
      return x ^ y;
    case 'lsh':
      return u32(x << (y & 31n));
    case 'rsh':
      return x >> (y & 31n);
    case 'arsh':
      return u32(s32(x) >> (y & 31n));
    case 'mov':
      return y;
  }
  throw new Error(op);
}

const OPS: Record<string, number> = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  mod: 0x90,
  xor: 0xa0,
  mov: 0xb0,
  arsh: 0xc0,
};

const EDGES = [0n, 1n, 2n, 3n, 31n, 32n, 33n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n];
const EDGES64 = [...EDGES, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n, 0xffffffff00000000n, 0x123456789abcdef0n];

let seed = 12345;
function rand32(): bigint {
  seed = (Math.imul(seed, 1103515245) + 12345) | 0;
  return BigInt(seed >>> 0);
}
function rand64(): bigint {
  const pick = rand32() % 4n;
  if (pick === 0n) return EDGES64[Number(rand32() % BigInt(EDGES64.length))];
  if (pick === 1n) return u64(-(rand32() % 100n));
  return (rand32() << 32n) | rand32();
}

function prog(code: number, a: bigint, b: bigint, off: number, useImm: boolean): Insn[] {
  const imm = Number(BigInt.asIntN(32, b));
  return [
    ...lddw(0, a),
    ...lddw(1, b),
    useImm ? insn(code, 0, 0, off, imm) : insn(code | 0x08, 0, 1, off, 0),
    insn(0x95),
  ];
}

describe('ALU against a BigInt reference', () => {
  for (const wide of [true, false]) {
    for (const [name, bits] of Object.entries(OPS)) {
      const signedVariants = name === 'div' || name === 'mod' ? [false, true] : [false];
      for (const signed of signedVariants) {
        test(`${wide ? 'alu64' : 'alu32'} ${signed ? 's' : ''}${name}`, () => {
          const code = bits | (wide ? 0x07 : 0x04);
          for (let i = 0; i < 300; i++) {
            const a = rand64();
            let b = rand64();
            const useImm = i % 2 === 0;
            if (useImm) b = u64(BigInt.asIntN(32, b)); // K operands are sign-extended imm32
            const got = runBare(prog(code, a, b, signed ? 1 : 0, useImm)).r0;
            const want = ref(name, wide, signed, a, b);
            if (got !== want) {
              throw new Error(
                `${name} a=0x${a.toString(16)} b=0x${b.toString(16)}: got 0x${got.toString(16)} want 0x${want.toString(16)}`,
              );
            }
          }
        });
      }
    }
  }
});

describe('ALU special forms', () => {
  const run1 = (a: bigint, i: Insn) => runBare([...lddw(0, a), i, insn(0x95)]).r0;
  test('neg', () => {
    expect(run1(5n, insn(0x87))).toBe(u64(-5n));
    expect(run1(0n, insn(0x87))).toBe(0n);
    expect(run1(1n << 63n, insn(0x87))).toBe(1n << 63n);
    expect(run1(0x1_0000_0005n, insn(0x84))).toBe(u32(-5n));
  });
  test('movsx', () => {
    const mov = (a: bigint, code: number, off: number) =>
      runBare([...lddw(1, a), insn(code, 0, 1, off), insn(0x95)]).r0;
    expect(mov(0x80n, 0xbf, 8)).toBe(u64(-128n));
    expect(mov(0x17fn, 0xbf, 8)).toBe(0x7fn);
    expect(mov(0x8000n, 0xbf, 16)).toBe(u64(-32768n));
    expect(mov(0x80000000n, 0xbf, 32)).toBe(u64(-(1n << 31n)));
    expect(mov(0xffn, 0xbc, 8)).toBe(0xffffffffn);
    expect(mov(0xffff_8000n, 0xbc, 16)).toBe(0xffff8000n);
    expect(runBare([...lddw(1, 1n), insn(0xbf, 0, 1, 7), insn(0x95)]).cpu.fault?.code).toBe('invalid-insn');
  });
  test('byte swaps', () => {
    const v = 0x0123456789abcdefn;
    expect(run1(v, insn(0xdc, 0, 0, 0, 16))).toBe(0xefcdn);
    expect(run1(v, insn(0xdc, 0, 0, 0, 32))).toBe(0xefcdab89n);
    expect(run1(v, insn(0xdc, 0, 0, 0, 64))).toBe(0xefcdab8967452301n);
    expect(run1(v, insn(0xd4, 0, 0, 0, 16))).toBe(0xcdefn);
    expect(run1(v, insn(0xd4, 0, 0, 0, 32))).toBe(0x89abcdefn);
    expect(run1(v, insn(0xd4, 0, 0, 0, 64))).toBe(v);
    expect(run1(v, insn(0xd7, 0, 0, 0, 16))).toBe(0xefcdn);
    expect(run1(v, insn(0xd7, 0, 0, 0, 64))).toBe(0xefcdab8967452301n);
  });
});
