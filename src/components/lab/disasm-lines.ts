/**
 * One line of text per instruction of a compiled program (llvm-objdump syntax, from the ISA
 * module), tied to its source line — for the <Disasm> cell (at build time) and the step view.
 * The second slot of a `lddw` has no line of its own, as in objdump. A `lddw` that loads a map
 * or a global's address (a pseudo form, which objdump would print as `r1 = 0 ll` plus a
 * relocation) is shown with the name it refers to, e.g. `r1 = &counter ll`: that is what a
 * learner needs to see which instruction touches which variable.
 */
import { disasmLlvmProgram } from '../../engine/isa/index.ts';
import type { BpfProgram, ProgramObject } from '../../engine/object.ts';
import type { DisasmLine } from './protocol.ts';

const PSEUDO_MAP_FD = 1;
const PSEUDO_MAP_VALUE = 2;

function pseudoText(obj: ProgramObject, prog: BpfProgram, pc: number): string | null {
  const i = prog.insns[pc];
  if (i.code !== 0x18 || (i.src !== PSEUDO_MAP_FD && i.src !== PSEUDO_MAP_VALUE)) return null;
  const map = obj.maps[i.imm];
  if (!map) return null;
  if (i.src === PSEUDO_MAP_FD) return `r${i.dst} = map[${map.name}] ll`;
  const off = prog.insns[pc + 1]?.imm ?? 0;
  const v = map.vars?.find((x) => x.offset === off);
  return `r${i.dst} = &${v ? v.name : `${map.name}+${off}`} ll`;
}

export function disasmLines(prog: BpfProgram, obj?: ProgramObject): DisasmLine[] {
  return disasmLlvmProgram(prog.insns).map(({ pc, text }) => ({
    pc,
    text: (obj && pseudoText(obj, prog, pc)) ?? text,
    line: prog.lines[pc]?.line ?? null,
  }));
}
