/**
 * Diagnostics are values, never exceptions: every stage that can reject input (preprocessor,
 * parser, checker, verifier, assembler) returns them. `code` is stable (tests and the UI key on
 * it); `message` uses clang's or the kernel's wording where they have one. Lines and columns are
 * 1-based; `endCol` is exclusive.
 */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  file: string;
  line: number;
  col: number;
  endCol?: number;
}

/** `file:line:col: error: message`, like clang. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}
