/**
 * Operand parsing for the bpf_conformance assembler: registers `%rN`, immediates (decimal or
 * `0x` hex, signed or their unsigned spelling), memory operands `[%rN±off]` and jump targets
 * (labels or `+N`/`-N`). Errors are AsmError values carrying the column; conformance-asm.ts
 * turns them into Diagnostics.
 */

export interface Operand {
  text: string;
  col: number;
}

/** A syntax error at a column of the current line. */
export class AsmError extends Error {
  readonly code: string;
  readonly col: number;
  readonly width: number;
  constructor(code: string, message: string, col: number, width = 1) {
    super(message);
    this.code = code;
    this.col = col;
    this.width = width;
  }
}

const NUMBER = /^([+-]?)(0x[0-9a-f]+|\d+)$/i;
const MEMORY = /^\[\s*%r(\d+)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+)\s*)?\]$/i;
const REGISTER = /^%r(\d+)$/;

/** Receives a label reference to resolve once all labels are known. */
export type RefSink = (label: string, field: 'off' | 'imm', col: number) => void;

/** Split `a, b, c` into operands with their 1-based columns. */
export function splitOperands(s: string, col0: number): Operand[] {
  if (s.trim() === '') return [];
  const out: Operand[] = [];
  let at = 0;
  for (const piece of s.split(',')) {
    const lead = piece.length - piece.trimStart().length;
    out.push({ text: piece.trim(), col: col0 + at + lead });
    at += piece.length + 1;
  }
  return out;
}

export function reg(op: Operand): number {
  const m = REGISTER.exec(op.text);
  const r = m ? Number(m[1]) : -1;
  if (r < 0 || r > 15) {
    throw new AsmError('asm-bad-register', `invalid register '${op.text}'`, op.col, Math.max(op.text.length, 1));
  }
  return r;
}

export function num(op: Operand, lo: bigint, hi: bigint, what: string): bigint {
  const m = NUMBER.exec(op.text);
  if (!m) throw new AsmError('asm-bad-immediate', `expected ${what}, got '${op.text}'`, op.col, op.text.length || 1);
  const v = m[1] === '-' ? -BigInt(m[2]!) : BigInt(m[2]!);
  if (v < lo || v > hi) throw new AsmError('asm-range', `${what} ${op.text} out of range`, op.col, op.text.length);
  return v;
}

/** 32-bit immediate: signed or its unsigned spelling (`0xffffffff`). */
export const imm32 = (op: Operand): number =>
  Number(BigInt.asIntN(32, num(op, -(1n << 31n), (1n << 32n) - 1n, 'a 32-bit immediate')));
export const imm64 = (op: Operand): bigint =>
  BigInt.asUintN(64, num(op, -(1n << 63n), (1n << 64n) - 1n, 'a 64-bit immediate'));

export function mem(op: Operand): [number, number] {
  const m = MEMORY.exec(op.text);
  if (!m)
    throw new AsmError(
      'asm-bad-memory',
      `expected a memory operand like [%r10-8], got '${op.text}'`,
      op.col,
      op.text.length || 1,
    );
  const r = Number(m[1]);
  if (r > 15) throw new AsmError('asm-bad-register', `invalid register '%r${m[1]}'`, op.col, op.text.length);
  if (m[3] === undefined) return [r, 0];
  const text = (m[2] === '-' ? '-' : '') + m[3];
  const off = num({ text, col: op.col }, -0x8000n, 0xffffn, 'a 16-bit offset');
  return [r, Number(BigInt.asIntN(16, off))];
}

/** A label (resolved later through `ref`) or a signed displacement `+N`/`-N`. */
export function target(op: Operand, field: 'off' | 'imm', ref: RefSink): number {
  if (/^[+-]/.test(op.text)) {
    const wide = field === 'imm';
    const v = num(op, wide ? -(1n << 31n) : -0x8000n, wide ? (1n << 31n) - 1n : 0x7fffn, 'a jump displacement');
    return Number(v);
  }
  if (!/^[A-Za-z_.$][\w.$]*$/.test(op.text)) {
    throw new AsmError('asm-bad-target', `expected a label or +N/-N, got '${op.text}'`, op.col, op.text.length || 1);
  }
  ref(op.text, field, op.col);
  return 0;
}
