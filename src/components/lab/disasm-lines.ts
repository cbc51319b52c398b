/**
 * One line of text per instruction of a compiled program (llvm-objdump syntax, from the ISA
 * module), tied to its source line — for the <Disasm> cell (at build time) and the step view
 * (in the worker). The second slot of a `lddw` has no line of its own, as in objdump.
 */
import { disasmLlvmProgram } from '../../engine/isa/index.ts';
import type { BpfProgram } from '../../engine/object.ts';
import type { DisasmLine } from './protocol.ts';

export function disasmLines(prog: BpfProgram): DisasmLine[] {
  return disasmLlvmProgram(prog.insns).map(({ pc, text }) => ({ pc, text, line: prog.lines[pc]?.line ?? null }));
}
