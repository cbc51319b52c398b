/**
 * 64-bit arithmetic on pairs of signed 32-bit halves (lo, hi), for the interpreter's slow
 * paths. Results go to the module's `out` pair so no object is allocated per instruction.
 * Division and modulo fall back to BigInt only when an operand does not fit in 32 bits —
 * rare in BPF programs, and never on the add/load/store/jump hot path.
 */

export const out = new Int32Array(2);

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Low 64 bits of a·b. */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  out[0] = Math.imul(al, bl);
  out[1] = (mulhu(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
}

function big(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

function ubig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function setBig(v: bigint): void {
  const u = BigInt.asUintN(64, v);
  out[0] = Number(u & 0xffffffffn) | 0;
  out[1] = Number(u >> 32n) | 0;
}

function setSafe(q: number): void {
  const hi = Math.floor(q / 4294967296);
  out[0] = (q - hi * 4294967296) | 0;
  out[1] = hi | 0;
}

/** Unsigned 64-bit division (mod = false) or remainder (mod = true); the divisor is non-zero. */
export function udivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (ah === 0 && bh === 0) {
    const a = al >>> 0;
    const b = bl >>> 0;
    out[0] = mod ? a % b : Math.floor(a / b);
    out[1] = 0;
    return;
  }
  const a = ubig(al, ah);
  const b = ubig(bl, bh);
  setBig(mod ? a % b : a / b);
}

/** Signed 64-bit division/remainder, truncating toward zero; the divisor is non-zero. */
export function sdivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (ah === al >> 31 && bh === bl >> 31) {
    const a = al;
    const b = bl;
    setSafe(mod ? a % b : Math.trunc(a / b));
    return;
  }
  const a = big(al, ah);
  const b = big(bl, bh);
  // INT64_MIN / -1 overflows to INT64_MIN and INT64_MIN % -1 is 0, as in the kernel.
  setBig(mod ? a % b : a / b);
}

/** 32-bit signed division/remainder on int32 values; the divisor is non-zero. */
export function sdivmod32(a: number, b: number, mod: boolean): number {
  return mod ? (a % b) | 0 : Math.trunc(a / b) | 0;
}

export function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}

export function swap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}
