/**
 * Comparisons in the scalar domain: whether a conditional jump is decided by the operands'
 * ranges, and the bounds of both operands on each side of an undecided one (64-bit JMP or
 * 32-bit JMP32, where only the low halves are compared).
 */
import { type Bounds, isConst, sync, type View, view, with32 } from './scalar.ts';
import { tand, tconst, tIsConst, tintersect, U32, U64 } from './tnum.ts';

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

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
