/**
 * Build-time compilation for static cells (<Disasm>): runs the engine's compiler in Node while
 * the site is built, so the bytecode is in the HTML and costs the reader no JavaScript.
 */
import { compile } from '../../engine/compiler/index.ts';
import type { Diagnostic } from '../../engine/diagnostics.ts';
import { disasmLines } from './disasm-lines.ts';
import type { DisasmLine } from './protocol.ts';

export interface BuiltListing {
  diagnostics: Diagnostic[];
  lines: DisasmLine[];
  program: string | null;
}

export function compileListing(source: string, program?: string): BuiltListing {
  const { object, diagnostics } = compile({ path: 'cell.bpf.c', source });
  if (!object) return { diagnostics, lines: [], program: null };
  const prog = object.programs.find((p) => p.name === program) ?? object.programs[0];
  return { diagnostics, lines: prog ? disasmLines(prog, object) : [], program: prog?.name ?? null };
}
