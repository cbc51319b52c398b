import { describe, expect, test } from 'vitest';
import { decodeS32, decodeS64, decodeU32, encodeS32, encodeS64, encodeU32 } from './leb128.ts';

describe('LEB128', () => {
  test('unsigned known encodings', () => {
    expect(encodeU32(0)).toEqual([0x00]);
    expect(encodeU32(127)).toEqual([0x7f]);
    expect(encodeU32(128)).toEqual([0x80, 0x01]);
    expect(encodeU32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(encodeU32(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  test('signed known encodings', () => {
    expect(encodeS32(0)).toEqual([0x00]);
    expect(encodeS32(-1)).toEqual([0x7f]);
    expect(encodeS32(63)).toEqual([0x3f]);
    expect(encodeS32(64)).toEqual([0xc0, 0x00]);
    expect(encodeS32(-64)).toEqual([0x40]);
    expect(encodeS32(-65)).toEqual([0xbf, 0x7f]);
    expect(encodeS32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(encodeS32(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(encodeS64(-(1n << 63n))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
    expect(encodeS64((1n << 63n) - 1n)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]);
    // Unsigned 64-bit inputs are taken as their two's-complement value.
    expect(encodeS64(0xffffffffffffffffn)).toEqual([0x7f]);
  });

  test('round trips at the edges', () => {
    const u32s = [0, 1, 127, 128, 16383, 16384, 0x7fffffff, 0x80000000, 0xffffffff];
    for (const v of u32s) expect(decodeU32(Uint8Array.from(encodeU32(v)), 0).value).toBe(v);
    const s32s = [0, 1, -1, 63, 64, -64, -65, 0x7fffffff, -0x80000000, 8191, -8192];
    for (const v of s32s) expect(decodeS32(Uint8Array.from(encodeS32(v)), 0).value).toBe(v);
    const s64s = [0n, -1n, 1n << 62n, -(1n << 63n), (1n << 63n) - 1n, 0x123456789abcdef0n, -0x123456789n];
    for (const v of s64s) expect(decodeS64(Uint8Array.from(encodeS64(v)), 0).value).toBe(v);
  });

  test('decoders report the next position and reject bad input', () => {
    expect(decodeU32(Uint8Array.from([0xaa, 0x80, 0x01, 0x05]), 1)).toEqual({ value: 128, next: 3 });
    expect(() => decodeU32(Uint8Array.from([0x80, 0x80]), 0)).toThrow(/truncated u32 at byte 2/);
    expect(() => decodeU32(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x1f]), 0)).toThrow(/overflow/);
    expect(() => decodeU32(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 0)).toThrow(/longer than 5/);
    expect(() => decodeS32(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x08]), 0)).toThrow(/overflow/);
    expect(() => decodeS64(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0)).toThrow(
      /overflow/,
    );
    // A redundant but valid padded encoding decodes.
    expect(decodeS32(Uint8Array.from([0xff, 0x7f]), 0).value).toBe(-1);
  });

  test('encoders reject out-of-range values', () => {
    expect(() => encodeU32(-1)).toThrow(RangeError);
    expect(() => encodeU32(2 ** 32)).toThrow(RangeError);
    expect(() => encodeS32(2 ** 31)).toThrow(RangeError);
    expect(() => encodeS64(1n << 64n)).toThrow(RangeError);
  });
});
