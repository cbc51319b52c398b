/**
 * Reader for bpf_conformance `.data` test files: sections introduced by `-- name` lines.
 * `-- asm` (assembled here), `-- raw` (64-bit words, low byte = opcode; takes precedence over
 * asm), `-- mem` (hex bytes), `-- result` (expected r0: hex if it contains `0x`, else decimal),
 * `-- error` (expected error text). `-- c` and `-- no register offset` are ignored. Problems are
 * Diagnostic values with the file's line numbers. Running the test is the machine's business.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { DecodeError, decode } from './codec.ts';
import { assemble } from './conformance-asm.ts';
import type { Insn } from './insn.ts';

export interface ConformanceTest {
  /** The `-- asm` text, or null. */
  asm: string | null;
  /** The assembled `-- asm` section, or null (also null when it has errors). */
  asmInsns: Insn[] | null;
  /** The decoded `-- raw` section, or null. */
  rawInsns: Insn[] | null;
  /** The program to run: `rawInsns` if present, else `asmInsns`, else empty. */
  insns: Insn[];
  /** Initial memory buffer (r1 points to it, r2 holds its length); empty without `-- mem`. */
  mem: Uint8Array;
  /** Expected r0 as an unsigned 64-bit value, or null. */
  result: bigint | null;
  /** Expected error text, or null. */
  error: string | null;
  diagnostics: Diagnostic[];
}

const IGNORED = new Set(['c', 'no register offset']);
const KNOWN = new Set(['asm', 'raw', 'mem', 'result', 'error']);

interface Section {
  text: string;
  /** 1-based line number of the section's first content line. */
  line: number;
}

export function parseConformanceData(text: string, file = '<data>'): ConformanceTest {
  const diagnostics: Diagnostic[] = [];
  const diag = (code: string, message: string, line: number, col = 1) =>
    diagnostics.push({ code, severity: 'error', message, file, line, col });
  const sections = new Map<string, Section>();
  const lines = text.split(/\r?\n/);
  let current: { name: string; line: number; body: string[] } | null = null;
  const close = (c: typeof current) => {
    if (c && KNOWN.has(c.name)) sections.set(c.name, { text: c.body.join('\n'), line: c.line });
  };
  for (let n = 0; n < lines.length; n++) {
    const m = /^-- (\S.*?)\s*$/.exec(lines[n]!);
    if (!m) {
      current?.body.push(lines[n]!);
      continue;
    }
    close(current);
    const name = m[1]!;
    if (!KNOWN.has(name) && !IGNORED.has(name)) {
      diagnostics.push({
        code: 'data-unknown-section',
        severity: 'warning',
        message: `unknown section '-- ${name}' ignored`,
        file,
        line: n + 1,
        col: 1,
      });
    } else if (sections.has(name)) diag('data-duplicate-section', `duplicate section '-- ${name}'`, n + 1);
    current = { name, line: n + 2, body: [] };
  }
  close(current);

  const asm = sections.get('asm');
  let asmInsns: Insn[] | null = null;
  if (asm) {
    const r = assemble(asm.text, { file, firstLine: asm.line });
    diagnostics.push(...r.diagnostics);
    if (r.diagnostics.length === 0) asmInsns = r.insns;
  }
  const rawInsns = parseRaw(sections.get('raw'), diag);
  const mem = parseMem(sections.get('mem'), diag);
  const result = parseResult(sections.get('result'), diag);
  const err = sections.get('error');
  const error = err ? err.text.trim() : null;
  if (!asm && !sections.has('raw')) diag('data-no-program', 'test has neither -- asm nor -- raw', 1);
  return {
    asm: asm?.text ?? null,
    asmInsns,
    rawInsns,
    insns: rawInsns ?? asmInsns ?? [],
    mem,
    result,
    error,
    diagnostics,
  };
}

type Diag = (code: string, message: string, line: number, col?: number) => void;

function parseRaw(s: Section | undefined, diag: Diag): Insn[] | null {
  if (!s) return null;
  const words: bigint[] = [];
  s.text.split('\n').forEach((l, k) => {
    const t = l.replace(/#.*/, '').trim();
    if (!t) return;
    if (!/^0x[0-9a-f]{1,16}$/i.test(t)) diag('data-bad-raw', `expected a 64-bit hex word, got '${t}'`, s.line + k);
    else words.push(BigInt(t));
  });
  const bytes = new Uint8Array(words.length * 8);
  const view = new DataView(bytes.buffer);
  for (const [k, w] of words.entries()) view.setBigUint64(k * 8, w, true);
  try {
    return decode(bytes);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    diag('data-bad-raw', e.message, s.line + Math.floor(e.byteOffset / 8));
    return null;
  }
}

function parseMem(s: Section | undefined, diag: Diag): Uint8Array {
  if (!s) return new Uint8Array(0);
  const out: number[] = [];
  s.text.split('\n').forEach((l, k) => {
    for (const m of l.replace(/#.*/, '').matchAll(/\S+/g)) {
      if (/^[0-9a-f]{2}$/i.test(m[0])) out.push(Number.parseInt(m[0], 16));
      else diag('data-bad-mem', `expected a hex byte, got '${m[0]}'`, s.line + k, m.index + 1);
    }
  });
  return Uint8Array.from(out);
}

function parseResult(s: Section | undefined, diag: Diag): bigint | null {
  if (!s) return null;
  const lines = s.text.split('\n');
  const k = lines.findIndex((l) => l.trim() !== '');
  if (k < 0) {
    diag('data-bad-result', 'empty -- result section', s.line);
    return null;
  }
  const t = lines[k]!.replace(/#.*/, '').trim();
  const m = t.includes('0x') ? /^(-?)0x([0-9a-f]+)$/i.exec(t) : /^(-?)(\d+)$/.exec(t);
  if (!m) {
    diag('data-bad-result', `expected a number, got '${t}'`, s.line + k);
    return null;
  }
  const mag = t.includes('0x') ? BigInt(`0x${m[2]}`) : BigInt(m[2]!);
  return BigInt.asUintN(64, m[1] === '-' ? -mag : mag);
}
