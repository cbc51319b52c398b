/**
 * LEB128 (little-endian base 128) integers as the WebAssembly binary format uses them: unsigned
 * for sizes, counts and indices, signed for `i32.const`/`i64.const` immediates. 64-bit values
 * are bigint so no value passes through a float64. Decoders return the value and the position
 * after it, and throw on truncated or over-long input (the spec caps a u32 at 5 bytes and an
 * s64 at 10, with the unused high bits of the last byte required to match the sign).
 */

export function encodeU32(value: number, out: number[] = []): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`u32 out of range: ${value}`);
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function encodeS32(value: number, out: number[] = []): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`s32 out of range: ${value}`);
  }
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Signed 64-bit; accepts any bigint in [-2^63, 2^64) and encodes its two's-complement value. */
export function encodeS64(value: bigint, out: number[] = []): number[] {
  if (value < -(1n << 63n) || value >= 1n << 64n) throw new RangeError(`s64 out of range: ${value}`);
  let v = BigInt.asIntN(64, value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export interface Decoded<T> {
  value: T;
  next: number;
}

function readBits(
  bytes: Uint8Array,
  pos: number,
  maxBytes: number,
  what: string,
): { v: bigint; n: number; last: number } {
  let v = 0n;
  let shift = 0n;
  for (let i = 0; i < maxBytes; i++) {
    if (pos + i >= bytes.length) throw new RangeError(`truncated ${what} at byte ${pos + i}`);
    const byte = bytes[pos + i];
    v |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) return { v, n: i + 1, last: byte };
  }
  throw new RangeError(`${what} longer than ${maxBytes} bytes at byte ${pos}`);
}

export function decodeU32(bytes: Uint8Array, pos: number): Decoded<number> {
  const { v, n, last } = readBits(bytes, pos, 5, 'u32');
  if (n === 5 && (last & 0x70) !== 0) throw new RangeError(`u32 overflow at byte ${pos}`);
  return { value: Number(v), next: pos + n };
}

function decodeSigned(bytes: Uint8Array, pos: number, bits: number, what: string): Decoded<bigint> {
  const maxBytes = Math.ceil(bits / 7);
  const { v, n, last } = readBits(bytes, pos, maxBytes, what);
  const used = 7 * n;
  if (n === maxBytes) {
    // The bits of the last byte beyond `bits` must all equal the sign bit.
    const extra = used - bits; // unused high bits in the last byte's 7 payload bits
    const signAndExtra = (last & 0x7f) >> (7 - extra - 1);
    if (signAndExtra !== 0 && signAndExtra !== (1 << (extra + 1)) - 1) {
      throw new RangeError(`${what} overflow at byte ${pos}`);
    }
  }
  const width = BigInt(Math.min(used, bits));
  return { value: BigInt.asIntN(bits, BigInt.asIntN(Number(width), v)), next: pos + n };
}

export function decodeS32(bytes: Uint8Array, pos: number): Decoded<number> {
  const d = decodeSigned(bytes, pos, 32, 's32');
  return { value: Number(d.value), next: d.next };
}

export function decodeS64(bytes: Uint8Array, pos: number): Decoded<bigint> {
  return decodeSigned(bytes, pos, 64, 's64');
}
