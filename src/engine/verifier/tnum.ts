/**
 * Tracked numbers ("tnums"): the known-bits half of the verifier's scalar domain. A tnum is a
 * pair (value, mask) of unsigned 64-bit bigints: bits set in `mask` are unknown, the others
 * equal the bits of `value` (so value & mask is always 0). Operations are the usual
 * over-approximations (the kernel's kernel/bpf/tnum.c defines the same lattice).
 */
export interface Tnum {
  value: bigint;
  mask: bigint;
}

export const U64 = (1n << 64n) - 1n;
export const U32 = (1n << 32n) - 1n;

export const tconst = (v: bigint): Tnum => ({ value: v & U64, mask: 0n });
export const TUNKNOWN: Tnum = { value: 0n, mask: U64 };
export const tIsConst = (t: Tnum): boolean => t.mask === 0n;
export const tIsUnknown = (t: Tnum): boolean => t.mask === U64;

/** Smallest tnum containing every value in [min, max] (unsigned). */
export function trange(min: bigint, max: bigint): Tnum {
  const chi = min ^ max;
  if (chi === 0n) return tconst(min);
  const bits = BigInt(chi.toString(2).length);
  if (bits > 63n) return TUNKNOWN;
  const delta = (1n << bits) - 1n;
  return { value: min & ~delta & U64, mask: delta };
}

export const tlsh = (a: Tnum, s: number): Tnum => ({
  value: (a.value << BigInt(s)) & U64,
  mask: (a.mask << BigInt(s)) & U64,
});
export const trsh = (a: Tnum, s: number): Tnum => ({ value: a.value >> BigInt(s), mask: a.mask >> BigInt(s) });

/** Arithmetic right shift at `bits` width (32 or 64). */
export function tarsh(a: Tnum, s: number, bits: 32 | 64): Tnum {
  const w = BigInt(bits);
  const sx = (x: bigint) => BigInt.asIntN(bits, x);
  const m = bits === 64 ? U64 : U32;
  return { value: (sx(a.value) >> BigInt(s)) & m, mask: (sx(a.mask) >> BigInt(s)) & m & ((1n << w) - 1n) };
}

export function tadd(a: Tnum, b: Tnum): Tnum {
  const sm = (a.mask + b.mask) & U64;
  const sv = (a.value + b.value) & U64;
  const sigma = (sm + sv) & U64;
  const chi = sigma ^ sv;
  const mu = chi | a.mask | b.mask;
  return { value: sv & ~mu & U64, mask: mu & U64 };
}

export function tsub(a: Tnum, b: Tnum): Tnum {
  const dv = (a.value - b.value) & U64;
  const alpha = (dv + a.mask) & U64;
  const beta = (dv - b.mask) & U64;
  const chi = alpha ^ beta;
  const mu = chi | a.mask | b.mask;
  return { value: dv & ~mu & U64, mask: mu & U64 };
}

export function tand(a: Tnum, b: Tnum): Tnum {
  const alpha = a.value | a.mask;
  const beta = b.value | b.mask;
  const v = a.value & b.value;
  return { value: v, mask: alpha & beta & ~v & U64 };
}

export function tor(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask | b.mask;
  return { value: v, mask: mu & ~v & U64 };
}

export function txor(a: Tnum, b: Tnum): Tnum {
  const v = a.value ^ b.value;
  const mu = a.mask | b.mask;
  return { value: v & ~mu & U64, mask: mu };
}

/** Multiplication: exact for constants, otherwise a sound long-multiplication bound. */
export function tmul(a: Tnum, b: Tnum): Tnum {
  if (tIsConst(a) && tIsConst(b)) return tconst(a.value * b.value);
  let acc: Tnum = tconst(0n);
  let x = a;
  let y = b;
  for (let i = 0; i < 64 && (y.value | y.mask) !== 0n; i++) {
    if (y.value & 1n) acc = tadd(acc, x);
    else if (y.mask & 1n) acc = tadd(acc, { value: 0n, mask: x.value | x.mask });
    x = tlsh(x, 1);
    y = trsh(y, 1);
  }
  return acc;
}

/** Intersection (both facts hold). */
export function tintersect(a: Tnum, b: Tnum): Tnum {
  const v = a.value | b.value;
  const mu = a.mask & b.mask;
  return { value: v & ~mu & U64, mask: mu };
}

/** Is every value of `b` also a value of `a`? */
export const tin = (a: Tnum, b: Tnum): boolean =>
  (b.mask & ~a.mask & U64) === 0n && (b.value & ~a.mask & U64) === a.value;

/** Truncate to `bytes` bytes (zero-extended). */
export function tcast(a: Tnum, bytes: number): Tnum {
  if (bytes >= 8) return a;
  const m = (1n << BigInt(bytes * 8)) - 1n;
  return { value: a.value & m, mask: a.mask & m };
}

export const tsubreg = (a: Tnum): Tnum => tcast(a, 4);

/** The kernel's tnum_strn: `(0x0; 0xff)`. */
export const tstr = (a: Tnum): string => `(0x${a.value.toString(16)}; 0x${a.mask.toString(16)})`;
