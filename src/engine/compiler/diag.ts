/**
 * The compiler's diagnostic catalogue and the one way stages raise them. A stage that meets
 * input it cannot accept throws a `CompileError` (a value carrying a Diagnostic); `compile()`
 * catches it at the stage boundary and returns it, so nothing escapes to the caller. Codes are
 * stable (tests and the UI key on them); messages use clang's wording where clang has one.
 */
import type { Diagnostic } from '../diagnostics.ts';

export interface Pos {
  file: string;
  line: number;
  col: number;
}

export const Code = {
  lex: 'C1001',
  pp: 'C1002',
  include: 'C1003',
  parse: 'C1004',
  type: 'C1005',
  undeclared: 'C1006',
  unsupported: 'C1007',
  atomicSize: 'C1008',
  map: 'C1009',
  section: 'C1010',
  stack: 'C1011',
  limit: 'C1012',
  noPrograms: 'C2001',
  internal: 'C1999',
} as const;

export class CompileError extends Error {
  constructor(readonly diag: Diagnostic) {
    super(diag.message);
  }
}

export function diag(code: string, message: string, at: Pos, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  const d: Diagnostic = { code, severity, message, file: at.file, line: at.line, col: at.col };
  // positions are often tokens: underline the whole token (one line only)
  const text = (at as { text?: unknown }).text;
  if (typeof text === 'string' && text.length > 0 && !text.includes('\n')) d.endCol = at.col + text.length;
  return d;
}

/** Raise an error diagnostic at a position (throws; caught by compile()). */
export function fail(code: string, message: string, at: Pos): never {
  throw new CompileError(diag(code, message, at));
}

/** Bounds on work, so any input finishes quickly. */
export const Limits = {
  depth: 200,
  /** Source bytes per file: 30× the largest lab program; keeps any input well under 1 s. */
  sourceBytes: 64 * 1024,
  tokens: 100_000,
  expansions: 100_000,
  /** Tokens the macro expander may touch in total (bounds nested-argument blowups). */
  macroWork: 2_000_000,
  includeDepth: 32,
} as const;
