/**
 * Soundness of the scalar domain, checked on concrete values: whatever two values of two
 * abstract scalars are combined with, the result lies in the abstract result; whichever way a
 * comparison goes, both values lie in the refined bounds of that side; a decided branch is
 * really decided. Plus the helper return bound and the tnum basics.
 */
import { expect, test } from 'vitest';
import { MapType, type ProgramObject } from '../object.ts';
import { verify } from './index.ts';
import { type Bounds, known, sync, UNKNOWN } from './scalar.ts';
import { branchTaken, type JmpOp, refine } from './scalar-cmp.ts';
import { type AluOp, aluScalar } from './scalar-ops.ts';
import { tadd, tconst, tin, trange, U32, U64 } from './tnum.ts';

function rng(seed: number) {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return BigInt(s >>> 0);
  };
}
const r = rng(12345);
const r64 = () => (r() << 32n) | r();

/** A random abstract scalar and a way to draw concrete members of it. */
function randomBounds(): { b: Bounds; draw: () => bigint } {
  const kind = Number(r() % 4n);
  if (kind === 0) {
    const v = r64();
    return { b: known(v), draw: () => v };
  }
  if (kind === 1) {
    const lo = r() % 1000n;
    const hi = lo + (r() % 1000n);
    return { b: sync({ ...UNKNOWN, umin: lo, umax: hi }) ?? UNKNOWN, draw: () => lo + (r64() % (hi - lo + 1n)) };
  }
  if (kind === 2) {
    const mask = r() % 256n;
    return { b: sync({ ...UNKNOWN, t: { value: 0n, mask } }) ?? UNKNOWN, draw: () => r64() & mask };
  }
  return { b: UNKNOWN, draw: r64 };
}

const contains = (b: Bounds, v: bigint) => {
  const u = v & U64;
  const s = BigInt.asIntN(64, u);
  const l = u & U32;
  return (
    b.umin <= u &&
    u <= b.umax &&
    b.smin <= s &&
    s <= b.smax &&
    b.u32min <= l &&
    l <= b.u32max &&
    b.s32min <= BigInt.asIntN(32, l) &&
    BigInt.asIntN(32, l) <= b.s32max &&
    (u & ~b.t.mask & U64) === b.t.value
  );
};

function concrete(op: AluOp, x: bigint, y: bigint, w: 32 | 64): bigint {
  const m = w === 64 ? U64 : U32;
  x &= m;
  y &= m;
  const sh = y & BigInt(w - 1);
  switch (op) {
    case 'add':
      return (x + y) & m;
    case 'sub':
      return (x - y) & m;
    case 'mul':
      return (x * y) & m;
    case 'and':
      return x & y;
    case 'or':
      return x | y;
    case 'xor':
      return x ^ y;
    case 'lsh':
      return (x << sh) & m;
    case 'rsh':
      return x >> sh;
    case 'arsh':
      return BigInt.asUintN(w, BigInt.asIntN(w, x) >> sh);
    default:
      return 0n;
  }
}

test('ALU transfer functions are sound at 64 and 32 bits', () => {
  const ops: AluOp[] = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'lsh', 'rsh', 'arsh'];
  for (let i = 0; i < 3000; i++) {
    const a = randomBounds();
    const b = randomBounds();
    const op = ops[i % ops.length];
    const w = i % 2 ? 64 : 32;
    const out = aluScalar(op, a.b, b.b, w);
    for (let k = 0; k < 5; k++) {
      const x = a.draw();
      const y = b.draw();
      expect(contains(out, concrete(op, x, y, w)), `${op}/${w} ${x} ${y}`).toBe(true);
    }
  }
});

test('branch refinement and decisions are sound (JMP and JMP32)', () => {
  const ops: JmpOp[] = ['jeq', 'jne', 'jgt', 'jge', 'jlt', 'jle', 'jsgt', 'jsge', 'jslt', 'jsle'];
  const holds = (op: JmpOp, x: bigint, y: bigint, w: 32 | 64) => {
    x = BigInt.asUintN(w, x);
    y = BigInt.asUintN(w, y);
    const sx = BigInt.asIntN(w, x);
    const sy = BigInt.asIntN(w, y);
    return {
      jeq: x === y,
      jne: x !== y,
      jgt: x > y,
      jge: x >= y,
      jlt: x < y,
      jle: x <= y,
      jsgt: sx > sy,
      jsge: sx >= sy,
      jslt: sx < sy,
      jsle: sx <= sy,
      jset: (x & y) !== 0n,
    }[op];
  };
  for (let i = 0; i < 3000; i++) {
    const a = randomBounds();
    const b = randomBounds();
    const op = ops[i % ops.length];
    const w = i % 3 === 0 ? 32 : 64;
    const sides = refine(op, a.b, b.b, w);
    const decided = branchTaken(op, a.b, b.b, w);
    for (let k = 0; k < 5; k++) {
      const x = a.draw() & U64;
      const y = b.draw() & U64;
      const t = holds(op, x, y, w);
      if (decided !== -1) expect(t, `${op} decided ${decided} for ${x} ${y}`).toBe(decided === 1);
      const side = t ? sides.taken : sides.fall;
      expect(side, `${op} ${x} ${y}: side marked impossible`).not.toBeNull();
      expect(contains(side![0], x) && contains(side![1], y), `${op} ${x} ${y}`).toBe(true);
    }
  }
});

test('tnum basics', () => {
  expect(trange(0n, 7n)).toEqual({ value: 0n, mask: 7n });
  expect(tadd(tconst(3n), tconst(4n))).toEqual(tconst(7n));
  expect(tin(trange(0n, 15n), tconst(9n))).toBe(true);
  expect(tin(tconst(9n), trange(0n, 15n))).toBe(false);
});

test('bpf_get_smp_processor_id is bounded by the number of possible CPUs', () => {
  // r0 = cpu; r0 <<= 3; r1 = &.bss + r0; r0 = *(u64 *)r1: in bounds only if cpus * 8 <= 16.
  const insns = [
    { code: 0x85, dst: 0, src: 0, off: 0, imm: 8 },
    { code: 0x67, dst: 0, src: 0, off: 0, imm: 3 },
    { code: 0x18, dst: 1, src: 2, off: 0, imm: 0, imm64: 0n },
    { code: 0, dst: 0, src: 0, off: 0, imm: 0 },
    { code: 0x0f, dst: 1, src: 0, off: 0, imm: 0 },
    { code: 0x79, dst: 0, src: 1, off: 0, imm: 0 },
    { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 },
  ];
  const obj: ProgramObject = {
    programs: [
      {
        name: 'f',
        section: 'xdp',
        type: 'xdp',
        attachTo: '',
        insns,
        lines: insns.map(() => null),
        funcs: [{ name: 'f', start: 0 }],
      },
    ],
    maps: [
      {
        name: '.bss',
        kind: 'bss',
        type: MapType.ARRAY,
        keySize: 4,
        valueSize: 16,
        maxEntries: 1,
        flags: 0,
        spinLockOff: -1,
      },
    ],
    license: 'GPL',
  };
  expect(verify(obj, 'f', { nrCpus: 2 }).accepted).toBe(true);
  expect(verify(obj, 'f').error?.message).toBe('R1 max value is outside of the allowed memory range');
});
