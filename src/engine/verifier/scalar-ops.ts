/**
 * Transfer functions of the scalar domain: ALU operations (at 64 bits, or at 32 bits with the
 * result zero-extended), the outcome of a conditional jump when the ranges decide it, and the
 * refinement of both operands on each side of a jump. Pointers are handled in alu.ts/branch.ts.
 */
import {
  type Bounds,
  from32,
  from64,
  fullView,
  isConst,
  known,
  S32_MAX,
  S32_MIN,
  S64_MAX,
  S64_MIN,
  sync,
  UNKNOWN,
  type View,
  view,
  with32,
} from './scalar.ts';
import {
  tadd,
  tand,
  tarsh,
  tcast,
  tconst,
  tIsConst,
  tintersect,
  tlsh,
  tmul,
  tor,
  trsh,
  tsub,
  txor,
  U32,
  U64,
} from './tnum.ts';

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

export type JmpOp = 'jeq' | 'jne' | 'jgt' | 'jge' | 'jlt' | 'jle' | 'jsgt' | 'jsge' | 'jslt' | 'jsle' | 'jset';

const FLIP: Record<JmpOp, JmpOp> = {
  jeq: 'jeq',
  jne: 'jne',
  jgt: 'jlt',
  jge: 'jle',
  jlt: 'jgt',
  jle: 'jge',
  jsgt: 'jslt',
  jsge: 'jsle',
  jslt: 'jsgt',
  jsle: 'jsge',
  jset: 'jset',
};
const NEGATE: Record<JmpOp, JmpOp | null> = {
  jeq: 'jne',
  jne: 'jeq',
  jgt: 'jle',
  jge: 'jlt',
  jlt: 'jge',
  jle: 'jgt',
  jsgt: 'jsle',
  jsge: 'jslt',
  jslt: 'jsge',
  jsle: 'jsgt',
  jset: null,
};

/** 1: always taken, 0: never, -1: unknown. */
export function branchTaken(op: JmpOp, dst: Bounds, src: Bounds, w: 32 | 64): 1 | 0 | -1 {
  const a = view(dst, w);
  const b = view(src, w);
  switch (op) {
    case 'jeq':
    case 'jne': {
      const differ =
        a.umin > b.umax ||
        a.umax < b.umin ||
        a.smin > b.smax ||
        a.smax < b.smin ||
        ((a.t.value ^ b.t.value) & ~(a.t.mask | b.t.mask)) !== 0n;
      const same = tIsConst(a.t) && tIsConst(b.t) && a.t.value === b.t.value;
      if (differ) return op === 'jeq' ? 0 : 1;
      if (same) return op === 'jeq' ? 1 : 0;
      return -1;
    }
    case 'jgt':
      return a.umin > b.umax ? 1 : a.umax <= b.umin ? 0 : -1;
    case 'jge':
      return a.umin >= b.umax ? 1 : a.umax < b.umin ? 0 : -1;
    case 'jsgt':
      return a.smin > b.smax ? 1 : a.smax <= b.smin ? 0 : -1;
    case 'jsge':
      return a.smin >= b.smax ? 1 : a.smax < b.smin ? 0 : -1;
    case 'jlt':
    case 'jle':
    case 'jslt':
    case 'jsle':
      return branchTaken(FLIP[op], src, dst, w);
    case 'jset':
      if ((a.t.value & b.t.value) !== 0n) return 1;
      if (((a.t.value | a.t.mask) & (b.t.value | b.t.mask)) === 0n) return 0;
      return -1;
  }
}

/** Refine (dst, src) assuming `dst op src` holds; null when that is impossible. */
function assume(op: JmpOp, a: View, b: View, w: 32 | 64): [View, View] | null {
  switch (op) {
    case 'jeq': {
      const t = tintersect(a.t, b.t);
      const v = {
        umin: max(a.umin, b.umin),
        umax: min(a.umax, b.umax),
        smin: max(a.smin, b.smin),
        smax: min(a.smax, b.smax),
        t,
      };
      return [v, v];
    }
    case 'jne': {
      // Only a constant can be cut off an end of the other range.
      const cut = (x: View, c: View): View => {
        if (!tIsConst(c.t)) return x;
        const k = c.t.value;
        const y = { ...x };
        if (y.umin === k) y.umin++;
        if (y.umax === k) y.umax--;
        return y;
      };
      const cutS = (x: View, c: View): View => {
        if (!tIsConst(c.t)) return x;
        const k = BigInt.asIntN(w, c.t.value);
        const y = { ...x };
        if (y.smin === k) y.smin++;
        if (y.smax === k) y.smax--;
        return y;
      };
      return [cutS(cut(a, b), b), cutS(cut(b, a), a)];
    }
    case 'jgt':
      return [
        { ...a, umin: max(a.umin, b.umin + 1n) },
        { ...b, umax: min(b.umax, a.umax - 1n) },
      ];
    case 'jge':
      return [
        { ...a, umin: max(a.umin, b.umin) },
        { ...b, umax: min(b.umax, a.umax) },
      ];
    case 'jsgt':
      return [
        { ...a, smin: max(a.smin, b.smin + 1n) },
        { ...b, smax: min(b.smax, a.smax - 1n) },
      ];
    case 'jsge':
      return [
        { ...a, smin: max(a.smin, b.smin) },
        { ...b, smax: min(b.smax, a.smax) },
      ];
    case 'jlt':
    case 'jle':
    case 'jslt':
    case 'jsle': {
      const r = assume(FLIP[op], b, a, w);
      return r && [r[1], r[0]];
    }
    case 'jset':
      return [a, b];
  }
}

/** The bounds of (dst, src) on the taken and the fall-through side; null for an impossible side. */
export function refine(
  op: JmpOp,
  dst: Bounds,
  src: Bounds,
  w: 32 | 64,
): { taken: [Bounds, Bounds] | null; fall: [Bounds, Bounds] | null } {
  const a = view(dst, w);
  const b = view(src, w);
  const put = (orig: Bounds, v: View) =>
    w === 64
      ? sync({ ...orig, umin: v.umin, umax: v.umax, smin: v.smin, smax: v.smax, t: tintersect(orig.t, v.t) })
      : with32(orig, v);
  const side = (o: JmpOp | null, falseJset: boolean): [Bounds, Bounds] | null => {
    if (o === null) {
      // JSET false: dst & src == 0; with a constant src those bits are known zero in dst.
      if (falseJset && isConst(src)) {
        const d = put(dst, { ...a, t: tand(a.t, tconst(~b.t.value & (w === 64 ? U64 : U32))) });
        return d ? [d, src] : null;
      }
      return [dst, src];
    }
    const r = assume(o, a, b, w);
    if (!r) return null;
    const d = put(dst, r[0]);
    const s = put(src, r[1]);
    return d && s ? [d, s] : null;
  };
  return { taken: side(op, false), fall: side(NEGATE[op], op === 'jset') };
}
