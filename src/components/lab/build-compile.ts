/**
 * Build-time compilation for static cells (<Disasm>): runs the engine's compiler in Node while
 * the site is built, so the bytecode is in the HTML and costs the reader no JavaScript. Returns
 * null when this build has no compiler yet; the cell then says so.
 */
import type { Diagnostic } from '../../engine/diagnostics.ts';
import type { ProgramObject } from '../../engine/object.ts';
import { disasmLines } from './disasm-lines.ts';
import type { DisasmLine } from './protocol.ts';

type CompileFn = (input: { path: string; source: string }) => {
  object: ProgramObject | null;
  diagnostics: Diagnostic[];
};
const first = (g: Record<string, unknown>) => Object.values(g)[0] as Record<string, unknown> | undefined;
const compilerMod = first(import.meta.glob('../../engine/compiler/index.ts', { eager: true }));

export interface BuiltListing {
  diagnostics: Diagnostic[];
  lines: DisasmLine[];
  program: string | null;
}

export function compileListing(source: string, program?: string): BuiltListing | null {
  const compile = compilerMod?.compile as CompileFn | undefined;
  if (typeof compile !== 'function') return null;
  const { object, diagnostics } = compile({ path: 'cell.bpf.c', source });
  if (!object) return { diagnostics, lines: [], program: null };
  const prog = object.programs.find((p) => p.name === program) ?? object.programs[0];
  return { diagnostics, lines: prog ? disasmLines(prog) : [], program: prog?.name ?? null };
}
