import { describe, expect, test } from 'vitest';
import { DecodeError, decode, EncodeError, encode, insn, lddw, tryDecode } from './codec.ts';
import type { Insn } from './insn.ts';
import { OP, OPCODES } from './opcodes.ts';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));

describe('decode', () => {
  test('fields are little-endian with dst in the low nibble', () => {
    // stxw [r10-4], r1: 63 1a fc ff 00 00 00 00
    expect(decode(hex('631afcff00000000'))).toEqual([{ code: 0x63, dst: 10, src: 1, off: -4, imm: 0 }]);
    // mov r0, -1
    expect(decode(hex('b7000000ffffffff'))).toEqual([{ code: 0xb7, dst: 0, src: 0, off: 0, imm: -1 }]);
  });

  test('lddw assembles imm64 from both slots and keeps the filler slot', () => {
    // The bpf_conformance lddw.data raw words: 0x5566778800000018, 0x1122334400000000.
    const insns = decode(hex('1800000088776655' + '0000000044332211' + '9500000000000000'));
    expect(insns).toHaveLength(3);
    expect(insns[0]).toEqual({ code: 0x18, dst: 0, src: 0, off: 0, imm: 0x55667788, imm64: 0x1122334455667788n });
    expect(insns[1]).toEqual({ code: 0, dst: 0, src: 0, off: 0, imm: 0x11223344 });
    expect(insns[2]!.code).toBe(OP.EXIT);
  });

  test('imm64 is unsigned even when both halves are negative', () => {
    const [i] = decode(hex('18010000ffffffff' + '00000000ffffffff'));
    expect(i!.imm64).toBe(0xffffffffffffffffn);
    expect(i!.imm).toBe(-1);
  });

  test('rejects a length that is not a multiple of 8', () => {
    expect(() => decode(hex('9500000000000000ff'))).toThrow(DecodeError);
    expect(() => decode(hex('95000000'))).toThrow(/not a multiple of 8/);
    const r = tryDecode(hex('9500000000000000aabb'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.byteOffset).toBe(8);
  });

  test('rejects lddw missing its second slot', () => {
    const r = tryDecode(hex('9500000000000000' + '1801000001000000'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/lddw is missing its second slot/);
      expect(r.error.byteOffset).toBe(8);
    }
  });

  test('empty input is an empty program', () => {
    expect(decode(new Uint8Array(0))).toEqual([]);
  });

  test('decodes a subarray view at a non-zero offset', () => {
    const buf = hex('ffffffffffffffff' + 'b701000005000000');
    expect(decode(buf.subarray(8))).toEqual([{ code: 0xb7, dst: 1, src: 0, off: 0, imm: 5 }]);
  });
});

describe('encode', () => {
  test('round-trips every known opcode with extreme field values', () => {
    const prog: Insn[] = [];
    for (const code of OPCODES.keys()) {
      if (code === OP.LDDW) prog.push(...lddw(15, 0x8000000000000001n, 6));
      else prog.push(insn(code, 15, 15, -0x8000, -0x80000000), insn(code, 0, 0, 0x7fff, 0x7fffffff));
    }
    const bytes = encode(prog);
    expect(bytes.length).toBe(prog.length * 8);
    expect(decode(bytes)).toEqual(prog);
    expect(encode(decode(bytes))).toEqual(bytes);
  });

  test('bytes → insns → bytes is the identity on random programs', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let t = 0; t < 200; t++) {
      const n = 1 + (rnd() % 16);
      const bytes = new Uint8Array(n * 8).map(() => rnd());
      // A random final byte 0x18 would be a truncated lddw; that is covered above.
      for (let k = 0; k < n; k++) if (bytes[k * 8] === OP.LDDW && k === n - 1) bytes[k * 8] = 0x95;
      const r = tryDecode(bytes);
      if (!r.ok) continue;
      expect(encode(r.insns)).toEqual(bytes);
    }
  });

  test('imm64 is authoritative for lddw', () => {
    const [a, b] = lddw(1, 0x1122334455667788n);
    const bytes = encode([
      { ...a, imm: 0 },
      { ...b, imm: 0 },
    ]);
    expect(decode(bytes)[0]!.imm64).toBe(0x1122334455667788n);
  });

  test('accepts unsigned 32-bit immediates and stores them signed', () => {
    expect(decode(encode([insn(OP.MOV32_IMM, 1, 0, 0, 0xffffffff)]))[0]!.imm).toBe(-1);
  });

  test('rejects out-of-range fields with the slot index', () => {
    expect(() => encode([insn(OP.EXIT), { code: 0xb7, dst: 16, src: 0, off: 0, imm: 0 }])).toThrow(EncodeError);
    expect(() => encode([{ code: 0xb7, dst: 0, src: 0, off: 0x8000, imm: 0 }])).toThrow(/offset 32768/);
    expect(() => encode([{ code: 0x18, dst: 0, src: 0, off: 0, imm: 0 }])).toThrow(/second slot/);
    const caught = (() => {
      try {
        encode([insn(OP.EXIT), { code: 256, dst: 0, src: 0, off: 0, imm: 0 }]);
      } catch (e) {
        return e;
      }
    })();
    expect(caught).toBeInstanceOf(EncodeError);
    expect((caught as EncodeError).slot).toBe(1);
  });
});
