/**
 * ALU transfer functions of the scalar domain: operations at 64 bits, or at 32 bits with the
 * result zero-extended. Comparisons are in scalar-cmp.ts; pointers in alu.ts/branch.ts.
 */
import {
  type Bounds,
  from32,
  from64,
  fullView,
  known,
  S32_MAX,
  S32_MIN,
  S64_MAX,
  S64_MIN,
  UNKNOWN,
  type View,
  view,
} from './scalar.ts';
import { tadd, tand, tarsh, tcast, tIsConst, tlsh, tmul, tor, trsh, tsub, txor, U32, U64 } from './tnum.ts';

export type AluOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'or'
  | 'and'
  | 'lsh'
  | 'rsh'
  | 'neg'
  | 'mod'
  | 'xor'
  | 'arsh'
  | 'sdiv'
  | 'smod';

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

function exact(op: AluOp, x: bigint, y: bigint, w: 32 | 64): bigint | null {
  const m = w === 64 ? U64 : U32;
  const sx = (v: bigint) => BigInt.asIntN(w, v);
  switch (op) {
    case 'add':
      return (x + y) & m;
    case 'sub':
      return (x - y) & m;
    case 'mul':
      return (x * y) & m;
    case 'div':
      return y === 0n ? 0n : x / y;
    case 'mod':
      return y === 0n ? x : x % y;
    case 'sdiv':
      return y === 0n ? 0n : (sx(x) / sx(y)) & m;
    case 'smod':
      return y === 0n ? x : (sx(x) % sx(y)) & m;
    case 'or':
      return x | y;
    case 'and':
      return x & y;
    case 'xor':
      return x ^ y;
    case 'lsh':
      return (x << (y & BigInt(w - 1))) & m;
    case 'rsh':
      return x >> (y & BigInt(w - 1));
    case 'arsh':
      return (sx(x) >> (y & BigInt(w - 1))) & m;
    case 'neg':
      return -x & m;
  }
}

/** dst op= src at width w. Returns the new dst bounds (never null: results are total). */
export function aluScalar(op: AluOp, dst: Bounds, src: Bounds, w: 32 | 64): Bounds {
  const a = view(dst, w);
  const b = view(src, w);
  const wrap = w === 64 ? from64 : from32;
  if (tIsConst(a.t) && tIsConst(b.t)) {
    const r = exact(op, a.t.value, b.t.value, w);
    if (r !== null) return w === 64 ? known(r) : known(r & U32);
  }
  const lim = 1n << BigInt(w);
  const smaxW = w === 64 ? S64_MAX : S32_MAX;
  const sminW = w === 64 ? S64_MIN : S32_MIN;
  const full = fullView(w);
  const cut = (t: typeof a.t) => (w === 64 ? t : tcast(t, 4));
  let r: View = full;
  switch (op) {
    case 'add': {
      const t = cut(tadd(a.t, b.t));
      let umin = a.umin + b.umin;
      let umax = a.umax + b.umax;
      if (umax >= lim) {
        if (umin >= lim) {
          umin -= lim;
          umax -= lim;
        } else [umin, umax] = [0n, lim - 1n];
      }
      let smin = a.smin + b.smin;
      let smax = a.smax + b.smax;
      if (smin < sminW || smax > smaxW) [smin, smax] = [sminW, smaxW];
      r = { umin, umax, smin, smax, t };
      break;
    }
    case 'sub': {
      const t = cut(tsub(a.t, b.t));
      let umin = a.umin - b.umax;
      let umax = a.umax - b.umin;
      if (umin < 0n) {
        if (umax < 0n) {
          umin += lim;
          umax += lim;
        } else [umin, umax] = [0n, lim - 1n];
      }
      let smin = a.smin - b.smax;
      let smax = a.smax - b.smin;
      if (smin < sminW || smax > smaxW) [smin, smax] = [sminW, smaxW];
      r = { umin, umax, smin, smax, t };
      break;
    }
    case 'mul': {
      const t = cut(tmul(a.t, b.t));
      const u = a.umax * b.umax < lim ? { umin: a.umin * b.umin, umax: a.umax * b.umax } : { umin: 0n, umax: lim - 1n };
      const s =
        a.smin >= 0n && b.smin >= 0n && u.umax <= smaxW ? { smin: u.umin, smax: u.umax } : { smin: sminW, smax: smaxW };
      r = { ...u, ...s, t };
      break;
    }
    case 'and': {
      const t = tand(a.t, b.t);
      const umax = min(a.umax, b.umax);
      const s = a.smin >= 0n || b.smin >= 0n ? { smin: 0n, smax: min(umax, smaxW) } : { smin: sminW, smax: smaxW };
      r = { umin: t.value, umax, ...s, t };
      break;
    }
    case 'or': {
      const t = tor(a.t, b.t);
      const umax = t.value | t.mask;
      const s =
        a.smin >= 0n && b.smin >= 0n && umax <= smaxW
          ? { smin: max(a.umin, b.umin), smax: umax }
          : { smin: sminW, smax: smaxW };
      r = { umin: max(a.umin, b.umin), umax, ...s, t };
      break;
    }
    case 'xor': {
      const t = txor(a.t, b.t);
      const umax = t.value | t.mask;
      const s =
        a.smin >= 0n && b.smin >= 0n && umax <= smaxW ? { smin: t.value, smax: umax } : { smin: sminW, smax: smaxW };
      r = { umin: t.value, umax, ...s, t };
      break;
    }
    case 'lsh':
    case 'rsh':
    case 'arsh': {
      // Shifts by an unknown or too-large amount give an unknown result, as in the kernel.
      if (!tIsConst(b.t) || b.t.value >= BigInt(w)) break;
      const s = Number(b.t.value);
      const sb = b.t.value;
      if (op === 'lsh') {
        const t = cut(tlsh(a.t, s));
        r = a.umax < 1n << BigInt(w - s) ? { ...full, umin: a.umin << sb, umax: a.umax << sb, t } : { ...full, t };
      } else if (op === 'rsh') {
        r = { ...full, umin: a.umin >> sb, umax: a.umax >> sb, t: trsh(a.t, s) };
      } else {
        r = { ...full, smin: a.smin >> sb, smax: a.smax >> sb, t: tarsh(a.t, s, w) };
      }
      break;
    }
    default:
      // div/mod/neg and signed division: unknown unless both are constants (handled above).
      break;
  }
  return wrap(r) ?? (w === 64 ? UNKNOWN : (from32(full) ?? UNKNOWN));
}
