/**
 * The BPF C compiler: lab programs → a ProgramObject of relocated eBPF instructions.
 *
 *   preprocess (lexes each file) → parse (driving the checker: types, scopes, conversions)
 *   → layoutData (maps, .bss/.data/.rodata, license) → lower + emit (per SEC() program)
 *
 * compile() never throws: every stage raises CompileError values, and anything unexpected
 * becomes an "internal error" diagnostic. Input size is bounded by the stages' limits.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { ProgramObject } from '../object.ts';
import { Code, CompileError, diag } from './diag.ts';
import { emitProgram } from './emit.ts';
import { layoutData } from './globals.ts';
import { parse } from './parse.ts';
import { preprocess } from './preprocess.ts';

export interface CompileInput {
  path: string;
  source: string;
  readFile?: (path: string) => string | undefined;
}

export interface CompileOutput {
  object: ProgramObject | null;
  diagnostics: Diagnostic[];
}

export function compile(input: CompileInput): CompileOutput {
  try {
    const tokens = preprocess(input);
    const unit = parse(tokens);
    const data = layoutData(unit);
    const entries = unit.funcs.filter((f) => f.section && f.body);
    const programs = entries.map((f) => emitProgram(f, data));
    const diagnostics = programs.length
      ? []
      : [
          diag(
            Code.noPrograms,
            'no BPF programs in this file: a program is a function with SEC("...")',
            { file: input.path, line: 1, col: 1 },
            'warning',
          ),
        ];
    return { object: { programs, maps: data.maps, license: data.license }, diagnostics };
  } catch (e) {
    if (e instanceof CompileError) return { object: null, diagnostics: [e.diag] };
    const why =
      e instanceof RangeError
        ? 'input nested too deeply'
        : `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
    return { object: null, diagnostics: [diag(Code.internal, why, { file: input.path, line: 1, col: 1 })] };
  }
}

export { formatDiagnostic } from '../diagnostics.ts';
