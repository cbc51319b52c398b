// Robustness: arbitrary bytes and text give values or the documented errors, never a crash.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DecodeError, decode, encode } from './codec.ts';
import { assemble } from './conformance-asm.ts';
import { parseConformanceData } from './conformance-data.ts';
import { disassembleConformance } from './conformance-disasm.ts';
import { MNEMONICS } from './conformance-syntax.ts';
import { kernelInsnText } from './kernel-disasm.ts';
import { disasmLlvmProgram } from './llvm-disasm.ts';
import { OP, OPCODES } from './opcodes.ts';
import { conformanceDir } from './testdata/conformance-dir.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const CODES = [...OPCODES.keys()];

function randomBytes(r: (n: number) => number): Uint8Array {
  return Uint8Array.from({ length: 8 * r(10) + (r(8) === 0 ? r(8) : 0) }, () => r(256));
}

/** Slots with valid opcodes whose fields are mostly zero, as real programs have them. */
function structured(r: (n: number) => number): Uint8Array {
  const n = 1 + r(12);
  const bytes = new Uint8Array(n * 8);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < n; k++) {
    const code = CODES[r(CODES.length)]!;
    const maybe = (v: number) => (r(3) === 0 ? v : 0);
    view.setUint8(k * 8, k === n - 1 && code === OP.LDDW ? OP.EXIT : code);
    view.setUint8(k * 8 + 1, r(16) | maybe(r(16) << 4));
    view.setInt16(k * 8 + 2, maybe(r(65536) - 32768), true);
    view.setInt32(k * 8 + 4, maybe(r(0x7fffffff) * (r(2) ? 1 : -1)), true);
  }
  return bytes;
}

describe('fuzz', () => {
  test('random bytes: decode, every disassembler and encode never crash', () => {
    const r = rng(1);
    let decoded = 0;
    let exact = 0;
    for (let t = 0; t < 2000; t++) {
      const bytes = t % 2 ? randomBytes(r) : structured(r);
      let insns: ReturnType<typeof decode>;
      try {
        insns = decode(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        continue;
      }
      decoded++;
      expect(encode(insns)).toEqual(bytes);
      disasmLlvmProgram(insns);
      disasmLlvmProgram(insns, { strict14: true, alu32: true, symbols: [{ pc: 0, name: 'f' }] });
      for (const i of insns) expect(kernelInsnText(i)).toMatch(/^(\([0-9a-f]{2}\) |BUG_)/);
      const text = disassembleConformance(insns);
      // Where the syntax claims to express every slot exactly, it must reassemble to them.
      if (!/not representable|unknown|atomic with/.test(text)) {
        expect(assemble(text).insns).toEqual(insns);
        if (insns.length) exact++;
      }
    }
    expect(decoded).toBeGreaterThan(100);
    expect(exact).toBeGreaterThan(50);
  });

  test('random and mutated assembly text yields diagnostics with valid lines, never a throw', () => {
    const r = rng(2);
    const names = [...MNEMONICS.keys()];
    const atoms = [
      '%r1',
      '%r10',
      '%r16',
      '[%r10-8]',
      '[%r1+0x7fff]',
      '[r1]',
      '0x',
      '-',
      '+3',
      'L',
      'lbl:',
      ',',
      ' ',
      '#',
      '99999999999999999999',
      '\t',
      ':',
    ];
    for (let t = 0; t < 3000; t++) {
      const lines: string[] = [];
      for (let k = r(6); k >= 0; k--) {
        let l = names[r(names.length)]!;
        for (let a = r(5); a > 0; a--) l += (r(2) ? ' ' : ', ') + atoms[r(atoms.length)];
        if (r(10) === 0) l = String.fromCharCode(...Array.from({ length: r(20) }, () => r(128)));
        lines.push(l);
      }
      const text = lines.join('\n');
      const res = assemble(text);
      for (const d of res.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(text.split(/\r?\n/).length);
        expect(d.col).toBeGreaterThanOrEqual(1);
      }
      if (res.diagnostics.length === 0) expect(assemble(disassembleConformance(res.insns)).insns).toEqual(res.insns);
    }
  });

  test('a 1 MB program assembles in bounded time', () => {
    const text = Array.from(
      { length: 30_000 },
      (_, k) => `L${k}:\nmov %r0, 1 # c\nadd32 %r0, %r1\njne %r0, 0, L${k}\n`,
    ).join('');
    expect(text.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const res = assemble(`${text}exit\n`);
    expect(res.diagnostics).toEqual([]);
    expect(res.insns.length).toBe(90_001);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  test('mutated conformance files never crash the reader', () => {
    const dir = conformanceDir();
    const files = readdirSync(dir).filter((f) => f.endsWith('.data'));
    const r = rng(3);
    for (let t = 0; t < 400; t++) {
      const text = readFileSync(join(dir, files[r(files.length)]!), 'utf8');
      const chars = [...text];
      for (let k = r(8); k >= 0; k--) chars[r(chars.length)] = String.fromCharCode(r(128));
      const res = parseConformanceData(chars.join(''));
      expect(Array.isArray(res.diagnostics)).toBe(true);
    }
  });
});
