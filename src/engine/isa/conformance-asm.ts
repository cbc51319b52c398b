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
import {
  AsmError,
  imm32,
  imm64,
  mem,
  type Operand,
  type RefSink,
  reg,
  splitOperands,
  target,
} from './conformance-operands.ts';
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

interface LabelRef {
  slot: number;
  label: string;
  field: 'off' | 'imm';
  line: number;
  col: number;
}

const LABEL = /^\s*([A-Za-z_.$][\w.$]*)\s*:/;

/** Assemble bpf_conformance text into slots; see the module header for the rules. */
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
