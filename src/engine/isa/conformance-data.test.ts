import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assemble } from './conformance-asm.ts';
import { parseConformanceData } from './conformance-data.ts';
import { disassembleConformance } from './conformance-disasm.ts';
import { conformanceDir } from './testdata/conformance-dir.ts';

const DIR = conformanceDir();
const files = readdirSync(DIR).filter((f) => f.endsWith('.data'));

describe('bpf_conformance suite', () => {
  test('the suite is present', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  test('every file parses and assembles; raw equals asm; disassembly re-assembles', () => {
    let withRaw = 0;
    for (const f of files) {
      const t = parseConformanceData(readFileSync(join(DIR, f), 'utf8'), f);
      expect(t.diagnostics, f).toEqual([]);
      expect(t.asmInsns, f).not.toBeNull();
      expect(t.insns.length, f).toBeGreaterThan(0);
      expect(t.result !== null || t.error !== null, f).toBe(true);
      if (t.rawInsns) {
        withRaw++;
        expect(t.asmInsns, f).toEqual(t.rawInsns);
      }
      const text = disassembleConformance(t.asmInsns!);
      const again = assemble(text, { file: f });
      expect(again.diagnostics, f).toEqual([]);
      expect(again.insns, f).toEqual(t.asmInsns);
    }
    expect(withRaw).toBeGreaterThan(0);
  });
});

describe('parseConformanceData', () => {
  test('sections, precedence of raw, mem bytes and results', () => {
    const t = parseConformanceData(
      [
        '# header',
        '-- asm',
        'mov %r0, 1',
        'exit',
        '-- raw',
        '0x00000002000000b7',
        '0x0000000000000095',
        '-- mem',
        '00 01 ff',
        'aa',
        '-- c',
        'int main() { return 0; }',
        '-- result',
        '-1',
        '-- no register offset',
        'whatever',
      ].join('\n'),
    );
    expect(t.diagnostics).toEqual([]);
    expect(t.asmInsns![0]!.imm).toBe(1);
    expect(t.insns[0]).toEqual({ code: 0xb7, dst: 0, src: 0, off: 0, imm: 2 });
    expect([...t.mem]).toEqual([0, 1, 0xff, 0xaa]);
    expect(t.result).toBe(0xffffffffffffffffn);
    expect(parseConformanceData('-- asm\nexit\n-- result\n0x10').result).toBe(16n);
    expect(parseConformanceData('-- asm\nexit\n-- error\nbad things\n').error).toBe('bad things');
  });

  test('asm errors carry the line number in the file', () => {
    const t = parseConformanceData('# c\n-- asm\nmov %r0, 1\nbogus\n-- result\n0x0', 'x.data');
    expect(t.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([['x.data', 4, 'asm-unknown-mnemonic']]);
    expect(t.insns).toEqual([]);
  });

  test('malformed raw, mem and result are reported', () => {
    const t = parseConformanceData('-- raw\n0x18\n-- mem\nzz\n-- result\nfoo\n');
    expect(t.diagnostics.map((d) => d.code)).toEqual(['data-bad-raw', 'data-bad-mem', 'data-bad-result']);
    expect(parseConformanceData('-- result\n1').diagnostics.map((d) => d.code)).toEqual(['data-no-program']);
  });
});
