/**
 * Assembler for the bpf_conformance syntax (see conformance-syntax.ts for the mnemonics).
 * One line, one instruction; `label:` (alone or before an instruction) names the next slot;
 * `#` starts a comment; jump and `call local` targets are labels or signed slot displacements
 * (`+3`, `-2`). As in bpf_conformance, the label `exit` names the first `exit` instruction
 * unless the program defines its own.
 *
 * Errors are Diagnostic values with line and column, never exceptions; a program with any
 * error yields no instructions. This module does not check semantics (register 11, division
 * by zero, unreachable code): that is the verifier's or the test's business.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { lddw } from './codec.ts';
import { type Form, MNEMONICS } from './conformance-syntax.ts';
import type { Insn } from './insn.ts';
import { BPF_K, BPF_PSEUDO_CALL, BPF_PSEUDO_KFUNC_CALL, BPF_X, OP } from './opcodes.ts';

export interface AssembleResult {
  insns: Insn[];
  diagnostics: Diagnostic[];
}

export interface AssembleOptions {
  /** File name for diagnostics (default `<asm>`). */
  file?: string;
  /** Line number of the text's first line in that file (default 1). */
  firstLine?: number;
}

interface Operand {
  text: string;
  col: number;
}

interface LabelRef {
  slot: number;
  label: string;
  field: 'off' | 'imm';
  line: number;
  col: number;
}

class AsmError extends Error {
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

const LABEL = /^\s*([A-Za-z_.$][\w.$]*)\s*:/;
const NUMBER = /^([+-]?)(0x[0-9a-f]+|\d+)$/i;
const MEMORY = /^\[\s*%r(\d+)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+)\s*)?\]$/i;
const REGISTER = /^%r(\d+)$/;

export function assemble(text: string, opts: AssembleOptions = {}): AssembleResult {
  const file = opts.file ?? '<asm>';
  const firstLine = opts.firstLine ?? 1;
  const insns: Insn[] = [];
  const diagnostics: Diagnostic[] = [];
  const labels = new Map<string, number>();
  const refs: LabelRef[] = [];
  let firstExit: number | undefined;
  const report = (line: number, e: AsmError) =>
    diagnostics.push({
      code: e.code,
      severity: 'error',
      message: e.message,
      file,
      line,
      col: e.col,
      endCol: e.col + e.width,
    });

  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const lineNo = firstLine + n;
    const raw = lines[n]!;
    const hash = raw.indexOf('#');
    const code = hash >= 0 ? raw.slice(0, hash) : raw;
    let pos = 0;
    const lm = LABEL.exec(code);
    if (lm) {
      const name = lm[1]!;
      if (labels.has(name)) {
        report(
          lineNo,
          new AsmError('asm-duplicate-label', `duplicate label '${name}'`, code.indexOf(name) + 1, name.length),
        );
      } else labels.set(name, insns.length);
      pos = lm[0].length;
    }
    const rest = code.slice(pos);
    const mm = /^\s*(\S+)/.exec(rest);
    if (!mm) continue;
    const mnemonic = mm[1]!;
    const mcol = pos + mm[0].length - mnemonic.length + 1;
    const after = rest.slice(mm[0].length);
    const afterCol = pos + mm[0].length + 1;
    try {
      const slot = insns.length;
      const out = encodeLine(mnemonic, mcol, after, afterCol, (label, field, col) =>
        refs.push({ slot, label, field, line: lineNo, col }),
      );
      if (mnemonic === 'exit' && firstExit === undefined) firstExit = slot;
      insns.push(...out);
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      report(lineNo, e);
    }
  }

  if (!labels.has('exit') && firstExit !== undefined) labels.set('exit', firstExit);
  for (const r of refs) {
    const target = labels.get(r.label);
    if (target === undefined) {
      report(r.line, new AsmError('asm-undefined-label', `undefined label '${r.label}'`, r.col, r.label.length));
      continue;
    }
    const disp = target - r.slot - 1;
    const insn = insns[r.slot]!;
    if (r.field === 'off') {
      if (disp < -0x8000 || disp > 0x7fff) {
        report(r.line, new AsmError('asm-range', `jump to '${r.label}' out of 16-bit range`, r.col, r.label.length));
      } else insn.off = disp;
    } else insn.imm = disp;
  }
  return { insns: diagnostics.length ? [] : insns, diagnostics };
}

type RefSink = (label: string, field: 'off' | 'imm', col: number) => void;

/** Split `a, b, c` into operands with their 1-based columns. */
function splitOperands(s: string, col0: number): Operand[] {
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

function encodeLine(mnemonic: string, mcol: number, after: string, acol: number, ref: RefSink): Insn[] {
  let key = mnemonic;
  let ops: Operand[];
  if (mnemonic === 'lock') {
    // `lock [fetch] op[32] [mem], %src`: the words before the memory operand pick the form.
    const bracket = after.indexOf('[');
    const words = (bracket >= 0 ? after.slice(0, bracket) : after).trim().split(/\s+/).filter(Boolean);
    key = `lock ${words.join(' ')}`;
    ops = bracket >= 0 ? splitOperands(after.slice(bracket), acol + bracket) : [];
  } else if (mnemonic === 'call') {
    ops = [];
    const re = /[^\s,]+/g;
    for (let m = re.exec(after); m; m = re.exec(after)) ops.push({ text: m[0], col: acol + m.index });
  } else ops = splitOperands(after, acol);
  const form = MNEMONICS.get(key);
  if (!form) throw new AsmError('asm-unknown-mnemonic', `unknown mnemonic '${key}'`, mcol, mnemonic.length);
  return encodeForm(form, key, ops, mcol, ref);
}

function want(ops: Operand[], n: number, key: string, mcol: number): void {
  if (ops.length !== n) {
    throw new AsmError('asm-operand-count', `'${key}' takes ${n} operand(s), got ${ops.length}`, mcol, key.length);
  }
}

function encodeForm(form: Form, key: string, ops: Operand[], mcol: number, ref: RefSink): Insn[] {
  const i: Insn = { code: 0, dst: 0, src: 0, off: 0, imm: 0 };
  switch (form.shape) {
    case 'alu': {
      want(ops, 2, key, mcol);
      i.dst = reg(ops[0]!);
      i.off = form.off;
      if (ops[1]!.text.startsWith('%')) {
        i.code = form.base | BPF_X;
        i.src = reg(ops[1]!);
      } else {
        i.code = form.base | BPF_K;
        i.imm = imm32(ops[1]!);
      }
      return [i];
    }
    case 'neg':
    case 'end':
      want(ops, 1, key, mcol);
      i.code = form.code;
      i.dst = reg(ops[0]!);
      if (form.shape === 'end') i.imm = form.imm;
      return [i];
    case 'jcond': {
      want(ops, 3, key, mcol);
      i.dst = reg(ops[0]!);
      if (ops[1]!.text.startsWith('%')) {
        i.code = form.base | BPF_X;
        i.src = reg(ops[1]!);
      } else {
        i.code = form.base | BPF_K;
        i.imm = imm32(ops[1]!);
      }
      i.off = target(ops[2]!, 'off', ref);
      return [i];
    }
    case 'ja':
      want(ops, 1, key, mcol);
      i.code = form.code;
      if (form.code === OP.JA32) i.imm = target(ops[0]!, 'imm', ref);
      else i.off = target(ops[0]!, 'off', ref);
      return [i];
    case 'exit':
      want(ops, 0, key, mcol);
      i.code = form.code;
      return [i];
    case 'call':
      return [encodeCall(ops, mcol, ref)];
    case 'lddw':
      want(ops, 2, key, mcol);
      return lddw(reg(ops[0]!), imm64(ops[1]!));
    case 'ldx':
      want(ops, 2, key, mcol);
      i.code = form.code;
      i.dst = reg(ops[0]!);
      [i.src, i.off] = mem(ops[1]!);
      return [i];
    case 'st':
    case 'stx':
    case 'atomic':
      want(ops, 2, key, mcol);
      i.code = form.code;
      [i.dst, i.off] = mem(ops[0]!);
      if (form.shape === 'st') i.imm = imm32(ops[1]!);
      else i.src = reg(ops[1]!);
      if (form.shape === 'atomic') i.imm = form.imm;
      return [i];
    case 'ldabs':
      want(ops, 1, key, mcol);
      i.code = form.code;
      i.imm = imm32(ops[0]!);
      return [i];
    case 'ldind':
      want(ops, 2, key, mcol);
      i.code = form.code;
      i.src = reg(ops[0]!);
      i.imm = imm32(ops[1]!);
      return [i];
  }
}

function encodeCall(ops: Operand[], mcol: number, ref: RefSink): Insn {
  const i: Insn = { code: OP.CALL, dst: 0, src: 0, off: 0, imm: 0 };
  const [mode, arg] = ops.length === 1 ? ['helper', ops[0]!] : [ops[0]?.text, ops[1]];
  if (!arg || ops.length > 2) {
    throw new AsmError('asm-operand-count', `'call' takes a target: call N | call local LABEL | call %rN`, mcol, 4);
  }
  if (mode === 'helper' && arg.text.startsWith('%')) {
    i.code = OP.CALLX;
    i.dst = reg(arg);
  } else if (mode === 'helper') i.imm = imm32(arg);
  else if (mode === 'local') {
    i.src = BPF_PSEUDO_CALL;
    i.imm = target(arg, 'imm', ref);
  } else if (mode === 'runtime') {
    i.src = BPF_PSEUDO_KFUNC_CALL;
    i.imm = imm32(arg);
  } else {
    throw new AsmError('asm-bad-call', `unknown call mode '${mode}' (helper, local or runtime)`, ops[0]!.col, 1);
  }
  return i;
}

function reg(op: Operand): number {
  const m = REGISTER.exec(op.text);
  const r = m ? Number(m[1]) : -1;
  if (r < 0 || r > 15) {
    throw new AsmError('asm-bad-register', `invalid register '${op.text}'`, op.col, Math.max(op.text.length, 1));
  }
  return r;
}

function num(op: Operand, lo: bigint, hi: bigint, what: string): bigint {
  const m = NUMBER.exec(op.text);
  if (!m) throw new AsmError('asm-bad-immediate', `expected ${what}, got '${op.text}'`, op.col, op.text.length || 1);
  const v = m[1] === '-' ? -BigInt(m[2]!) : BigInt(m[2]!);
  if (v < lo || v > hi) throw new AsmError('asm-range', `${what} ${op.text} out of range`, op.col, op.text.length);
  return v;
}

/** 32-bit immediate: signed or its unsigned spelling (`0xffffffff`). */
const imm32 = (op: Operand): number =>
  Number(BigInt.asIntN(32, num(op, -(1n << 31n), (1n << 32n) - 1n, 'a 32-bit immediate')));
const imm64 = (op: Operand): bigint =>
  BigInt.asUintN(64, num(op, -(1n << 63n), (1n << 64n) - 1n, 'a 64-bit immediate'));

function mem(op: Operand): [number, number] {
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
function target(op: Operand, field: 'off' | 'imm', ref: RefSink): number {
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
