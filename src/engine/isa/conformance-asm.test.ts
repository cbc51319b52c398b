import { describe, expect, test } from 'vitest';
import { encode, lddw } from './codec.ts';
import { assemble } from './conformance-asm.ts';
import { disassembleConformance } from './conformance-disasm.ts';
import { MNEMONICS } from './conformance-syntax.ts';
import type { Insn } from './insn.ts';
import { BPF_CMPXCHG, BPF_FETCH, BPF_XCHG, OP, OPCODES } from './opcodes.ts';

const one = (src: string): Insn => {
  const r = assemble(src);
  expect(r.diagnostics).toEqual([]);
  expect(r.insns).toHaveLength(1);
  return r.insns[0]!;
};
const word = (i: Insn) => Buffer.from(encode([i])).toString('hex');

describe('assemble', () => {
  test('ALU forms: 64-bit bare, 32-bit suffix, register and immediate', () => {
    expect(one('mov %r0, 1')).toEqual({ code: OP.MOV64_IMM, dst: 0, src: 0, off: 0, imm: 1 });
    expect(one('add32 %r1, %r2')).toEqual({ code: OP.ADD32_REG, dst: 1, src: 2, off: 0, imm: 0 });
    expect(one('mov32 %r1, 0x80000000').imm).toBe(-0x80000000);
    expect(one('mov %r1, -1').imm).toBe(-1);
    expect(one('neg32 %r3')).toEqual({ code: OP.NEG32, dst: 3, src: 0, off: 0, imm: 0 });
    expect(one('sdiv32 %r1, 3')).toEqual({ code: OP.DIV32_IMM, dst: 1, src: 0, off: 1, imm: 3 });
    expect(one('smod %r1, %r2')).toEqual({ code: OP.MOD64_REG, dst: 1, src: 2, off: 1, imm: 0 });
    expect(one('movsx832 %r2, %r1')).toEqual({ code: OP.MOV32_REG, dst: 2, src: 1, off: 8, imm: 0 });
    expect(one('movsx3264 %r0, %r9')).toEqual({ code: OP.MOV64_REG, dst: 0, src: 9, off: 32, imm: 0 });
  });

  test('byte swaps', () => {
    expect(one('be16 %r0')).toEqual({ code: OP.BE, dst: 0, src: 0, off: 0, imm: 16 });
    expect(one('le64 %r0')).toEqual({ code: OP.LE, dst: 0, src: 0, off: 0, imm: 64 });
    expect(one('bswap32 %r0')).toEqual({ code: OP.BSWAP, dst: 0, src: 0, off: 0, imm: 32 });
    expect(one('swap32 %r0')).toEqual(one('bswap32 %r0'));
  });

  test('memory, atomics and lddw', () => {
    expect(word(one('stxw [%r10-4], %r1'))).toBe('631afcff00000000');
    expect(one('ldxdw %r0, [%r1+8]')).toEqual({ code: OP.LDXDW, dst: 0, src: 1, off: 8, imm: 0 });
    expect(one('ldxsh %r0, [%r1]')).toEqual({ code: OP.LDXSH, dst: 0, src: 1, off: 0, imm: 0 });
    expect(one('stb [%r10-1], 0x80')).toEqual({ code: OP.STB, dst: 10, src: 0, off: -1, imm: 0x80 });
    expect(one('lock add [%r10-8], %r1')).toEqual({ code: OP.ATOMIC64, dst: 10, src: 1, off: -8, imm: 0 });
    expect(one('lock fetch or32 [%r10-4], %r3').imm).toBe(0x40 | BPF_FETCH);
    expect(one('lock xchg32 [%r10-8], %r1')).toEqual({ code: OP.ATOMIC32, dst: 10, src: 1, off: -8, imm: BPF_XCHG });
    expect(one('lock cmpxchg [%r10-8], %r1').imm).toBe(BPF_CMPXCHG);
    expect(assemble('lddw %r0, 0x123456789abcdef0').insns).toEqual(lddw(0, 0x123456789abcdef0n));
    expect(assemble('lddw %r0, -1').insns[0]!.imm64).toBe(0xffffffffffffffffn);
  });

  test('jumps, labels, the implicit exit label and calls', () => {
    const r = assemble(
      [
        'mov %r0, 0',
        'jeq32 %r0, 0, done # skip',
        'ja exit',
        'done:',
        'ja32 +0',
        'call local f',
        'exit',
        'f: call 5',
        'call %r2',
        'exit',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    const [, jeq, ja, ja32, local, exit, helper, callx] = r.insns;
    expect(jeq).toEqual({ code: 0x16, dst: 0, src: 0, off: 1, imm: 0 });
    expect(ja!.off).toBe(2); // to the first exit
    expect(ja32).toEqual({ code: OP.JA32, dst: 0, src: 0, off: 0, imm: 0 });
    expect(local).toEqual({ code: OP.CALL, dst: 0, src: 1, off: 0, imm: 1 });
    expect(exit!.code).toBe(OP.EXIT);
    expect(helper).toEqual({ code: OP.CALL, dst: 0, src: 0, off: 0, imm: 5 });
    expect(callx).toEqual({ code: OP.CALLX, dst: 2, src: 0, off: 0, imm: 0 });
  });

  test('errors are diagnostics with line and column, and yield no program', () => {
    const r = assemble('mov %r0, 1\n  frob %r1\nmov %r99, 1\nja nowhere\nldxw %r0, r1\nx:\nx:\nmov32 %r0, 0x100000000');
    expect(r.insns).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([
      ['asm-unknown-mnemonic', 2, 3],
      ['asm-bad-register', 3, 5],
      ['asm-bad-memory', 5, 11],
      ['asm-duplicate-label', 7, 1],
      ['asm-range', 8, 12],
      ['asm-undefined-label', 4, 4],
    ]);
    expect(assemble('exit 1').diagnostics[0]!.code).toBe('asm-operand-count');
    expect(assemble('lock frob [%r1], %r2').diagnostics[0]!.message).toMatch(/unknown mnemonic 'lock frob'/);
  });
});

describe('disassembleConformance', () => {
  test('every mnemonic of the table survives assemble ∘ disassemble', () => {
    const lines: string[] = [];
    for (const [name, form] of MNEMONICS) {
      switch (form.shape) {
        case 'alu':
          lines.push(`${name} %r1, %r2`);
          if (form.off === 0 || form.off === 1) lines.push(`${name} %r3, -7`);
          break;
        case 'neg':
        case 'end':
          lines.push(`${name} %r4`);
          break;
        case 'jcond':
          lines.push(`${name} %r1, %r2, +1`, `${name} %r1, 0x7fffffff, -3`);
          break;
        case 'ja':
          lines.push(`${name} +0`);
          break;
        case 'exit':
          lines.push(name);
          break;
        case 'call':
          lines.push('call 1', 'call local +0', 'call runtime 7', 'call %r3');
          break;
        case 'lddw':
          lines.push('lddw %r9, 0xffffffff00000001');
          break;
        case 'ldx':
          lines.push(`${name} %r1, [%r2-32768]`);
          break;
        case 'st':
          lines.push(`${name} [%r10+32767], -1`);
          break;
        case 'stx':
        case 'atomic':
          lines.push(`${name} [%r10-8], %r5`);
          break;
        case 'ldabs':
          lines.push(`${name} 12`);
          break;
        case 'ldind':
          lines.push(`${name} %r3, 12`);
          break;
      }
    }
    lines.push('mov %r0, 0');
    const a = assemble(lines.join('\n'));
    expect(a.diagnostics).toEqual([]);
    // Every opcode of the table is produced by some mnemonic.
    expect(new Set(a.insns.map((i) => i.code).filter((c) => c !== 0))).toEqual(new Set(OPCODES.keys()));
    const text = disassembleConformance(a.insns);
    expect(text).not.toMatch(/not representable|unknown/);
    const b = assemble(text);
    expect(b.diagnostics).toEqual([]);
    expect(b.insns).toEqual(a.insns);
  });

  test('targets become labels; out-of-range targets stay relative', () => {
    const a = assemble('jne %r1, 0, L\nja -5\nmov %r0, 1\nL:\nexit');
    const text = disassembleConformance(a.insns);
    expect(text).toBe('jne %r1, 0, L3\nja -5\nmov %r0, 1\nL3:\nexit\n');
  });

  test('unrepresentable slots are flagged with their raw word', () => {
    const text = disassembleConformance([...lddw(1, 7n, 1), { code: 0xff, dst: 0, src: 0, off: 0, imm: 0 }]);
    expect(text).toContain('lddw %r1, 0x7 # not representable: raw 0x0000000700001118');
    expect(text).toContain('# unknown opcode 0xff');
  });
});
