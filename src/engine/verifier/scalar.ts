/**
 * The scalar abstract domain: signed and unsigned ranges at 64 and 32 bits plus known bits
 * (tnum), kept mutually consistent by `sync` (the kernel's reg_bounds_sync does the same
 * deductions). Values are bigints: unsigned fields in [0, 2^w), signed in [-2^(w-1), 2^(w-1)).
 * A Bounds object is immutable once built; every operation returns a new one.
 */
import { type Tnum, TUNKNOWN, tcast, tconst, tIsConst, tintersect, trange, U32, U64 } from './tnum.ts';

export interface Bounds {
  smin: bigint;
  smax: bigint;
  umin: bigint;
  umax: bigint;
  s32min: bigint;
  s32max: bigint;
  u32min: bigint;
  u32max: bigint;
  t: Tnum;
}

/** A view of one width: what ALU and jump transfer functions compute on. */
export interface View {
  umin: bigint;
  umax: bigint;
  smin: bigint;
  smax: bigint;
  t: Tnum;
}

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const S32_MIN = -(1n << 31n);
export const S32_MAX = (1n << 31n) - 1n;

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const s32 = (x: bigint) => BigInt.asIntN(32, x);
const s64 = (x: bigint) => BigInt.asIntN(64, x);

export const UNKNOWN: Bounds = {
  smin: S64_MIN,
  smax: S64_MAX,
  umin: 0n,
  umax: U64,
  s32min: S32_MIN,
  s32max: S32_MAX,
  u32min: 0n,
  u32max: U32,
  t: TUNKNOWN,
};

export function known(v: bigint): Bounds {
  const u = v & U64;
  const lo = u & U32;
  return {
    smin: s64(u),
    smax: s64(u),
    umin: u,
    umax: u,
    s32min: s32(lo),
    s32max: s32(lo),
    u32min: lo,
    u32max: lo,
    t: tconst(u),
  };
}

export const isConst = (b: Bounds): boolean => tIsConst(b.t);
export const isConst32 = (b: Bounds): boolean => (b.t.mask & U32) === 0n;
export const isZero = (b: Bounds): boolean => tIsConst(b.t) && b.t.value === 0n;

export function view(b: Bounds, w: 32 | 64): View {
  if (w === 64) return { umin: b.umin, umax: b.umax, smin: b.smin, smax: b.smax, t: b.t };
  return { umin: b.u32min, umax: b.u32max, smin: b.s32min, smax: b.s32max, t: tcast(b.t, 4) };
}

/** Bounds from a 64-bit view (32-bit halves re-derived). */
export function from64(v: View): Bounds | null {
  return sync({ ...UNKNOWN, umin: v.umin, umax: v.umax, smin: v.smin, smax: v.smax, t: v.t });
}

/** Bounds of a zero-extended 32-bit result. */
export function from32(v: View): Bounds | null {
  const t = tcast(v.t, 4);
  return sync({
    smin: 0n,
    smax: U32,
    umin: 0n,
    umax: U32,
    s32min: v.smin,
    s32max: v.smax,
    u32min: v.umin,
    u32max: v.umax,
    t,
  });
}

/** Replace only the 32-bit half's facts (after a JMP32 refinement), keeping the upper bits. */
export function with32(b: Bounds, v: View): Bounds | null {
  const t = tintersect(b.t, { value: v.t.value, mask: v.t.mask | (U64 ^ U32) });
  return sync({ ...b, s32min: v.smin, s32max: v.smax, u32min: v.umin, u32max: v.umax, t });
}

/** Make all the ranges and known bits agree; null if they are contradictory (a dead branch). */
export function sync(b: Bounds): Bounds | null {
  let { smin, smax, umin, umax, s32min, s32max, u32min, u32max, t } = b;
  for (let round = 0; round < 2; round++) {
    // Ranges from known bits.
    umin = max(umin, t.value);
    umax = min(umax, t.value | t.mask);
    smin = max(smin, s64(t.value | (t.mask & (1n << 63n))));
    smax = min(smax, s64(t.value | (t.mask & S64_MAX)));
    const lv = t.value & U32;
    const lm = t.mask & U32;
    u32min = max(u32min, lv);
    u32max = min(u32max, lv | lm);
    s32min = max(s32min, s32(lv | (lm & (1n << 31n))));
    s32max = min(s32max, s32(lv | (lm & (S32_MAX as bigint))));
    // 32-bit halves from 64-bit ranges whose upper halves agree.
    if (umin >> 32n === umax >> 32n) {
      u32min = max(u32min, umin & U32);
      u32max = min(u32max, umax & U32);
      if (s32(umin) <= s32(umax)) {
        s32min = max(s32min, s32(umin));
        s32max = min(s32max, s32(umax));
      }
    }
    if (smin >> 32n === smax >> 32n) {
      if (s32(smin) <= s32(smax)) {
        s32min = max(s32min, s32(smin));
        s32max = min(s32max, s32(smax));
      }
      if ((smin & U32) <= (smax & U32)) {
        u32min = max(u32min, smin & U32);
        u32max = min(u32max, smax & U32);
      }
    }
    // Signed <-> unsigned when the range does not cross the sign boundary.
    if (s32min >= 0n || s32max < 0n) {
      u32min = max(u32min, s32min & U32);
      u32max = min(u32max, s32max & U32);
    }
    if (s32(u32min) <= s32(u32max)) {
      s32min = max(s32min, s32(u32min));
      s32max = min(s32max, s32(u32max));
    }
    if (smin >= 0n || smax < 0n) {
      umin = max(umin, smin & U64);
      umax = min(umax, smax & U64);
    }
    if (s64(umin) <= s64(umax)) {
      smin = max(smin, s64(umin));
      smax = min(smax, s64(umax));
    }
    // 64-bit range from the 32-bit one when the upper half is fixed.
    if (umin >> 32n === umax >> 32n) {
      const hi = umin & ~U32 & U64;
      umin = max(umin, hi | u32min);
      umax = min(umax, hi | u32max);
    }
    if (umin > umax || smin > smax || u32min > u32max || s32min > s32max) return null;
    // Known bits from ranges.
    t = tintersect(t, trange(umin, umax));
    t = tintersect(t, {
      value: trange(u32min, u32max).value & U32,
      mask: (trange(u32min, u32max).mask & U32) | (U64 ^ U32),
    });
    if ((t.value & t.mask) !== 0n) return null;
  }
  return { smin, smax, umin, umax, s32min, s32max, u32min, u32max, t };
}

/** Does `a` contain every value `b` may take? (state pruning) */
export function covers(a: Bounds, b: Bounds): boolean {
  return (
    a.umin <= b.umin &&
    a.umax >= b.umax &&
    a.smin <= b.smin &&
    a.smax >= b.smax &&
    a.u32min <= b.u32min &&
    a.u32max >= b.u32max &&
    a.s32min <= b.s32min &&
    a.s32max >= b.s32max &&
    (b.t.mask & ~a.t.mask & U64) === 0n &&
    (b.t.value & ~a.t.mask & U64) === a.t.value
  );
}

export function equalBounds(a: Bounds, b: Bounds): boolean {
  return (
    a.t.value === b.t.value &&
    a.t.mask === b.t.mask &&
    a.umin === b.umin &&
    a.umax === b.umax &&
    a.smin === b.smin &&
    a.smax === b.smax &&
    a.u32min === b.u32min &&
    a.u32max === b.u32max &&
    a.s32min === b.s32min &&
    a.s32max === b.s32max
  );
}

/** Unknown value of a width (all ranges full). */
export function fullView(w: 32 | 64): View {
  return w === 64
    ? { umin: 0n, umax: U64, smin: S64_MIN, smax: S64_MAX, t: TUNKNOWN }
    : { umin: 0n, umax: U32, smin: S32_MIN, smax: S32_MAX, t: { value: 0n, mask: U32 } };
}

/** Bounds of an unknown value loaded with `size` bytes (zero-extended). */
export function unknownOfSize(size: number): Bounds {
  if (size >= 8) return UNKNOWN;
  const m = (1n << BigInt(size * 8)) - 1n;
  return sync({ ...UNKNOWN, umin: 0n, umax: m, smin: 0n, smax: m, t: { value: 0n, mask: m } }) ?? UNKNOWN;
}

/** A short kernel-style rendering of a scalar for the log: `5`, `scalar(umax=7,var_off=(0x0; 0x7))`. */
export function formatScalar(b: Bounds): string {
  if (isConst(b)) return `${s64(b.t.value)}`;
  const parts: string[] = [];
  if (b.smin !== S64_MIN && b.smin !== 0n) parts.push(`smin=${b.smin}`);
  if (b.smax !== S64_MAX && b.smax !== b.umax) parts.push(`smax=${b.smax}`);
  if (b.umin !== 0n) parts.push(`umin=${b.umin}`);
  if (b.umax !== U64) parts.push(`umax=${b.umax}`);
  if (b.t.mask !== U64 && !(b.t.value === 0n && b.t.mask === b.umax))
    parts.push(`var_off=(0x${b.t.value.toString(16)}; 0x${b.t.mask.toString(16)})`);
  return parts.length ? `scalar(${parts.join(',')})` : 'scalar()';
}
