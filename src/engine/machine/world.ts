/**
 * Everything a run needs besides the scheduler: the program (found by name or index), the
 * engine memory with the object's maps laid out (maps/), the pre-decoded code with its map
 * references resolved, the helper host the interpreter calls, and the address symbolizer.
 */

import { type MapSet, setupMaps } from '../maps/index.ts';
import type { EngineMemory } from '../memory/index.ts';
import type { BpfProgram, ProgramObject } from '../object.ts';
import type { CpuState } from '../vm/cpu.ts';
import type { VmHost } from '../vm/interpreter.ts';
import { type Code, predecode } from '../vm/program.ts';
import { makeHelperCaller } from './helpers-link.ts';
import { type ResolvedOptions, RunError } from './options.ts';
import { insnTexts, Symbolizer } from './trace.ts';

export interface World {
  prog: BpfProgram;
  set: MapSet;
  mem: EngineMemory;
  code: Code;
  host: VmHost;
  sym: Symbolizer;
  texts: string[];
}

export function findProgram(obj: ProgramObject, prog: string | number): BpfProgram {
  if (obj.programs.length === 0) throw new RunError('no-program', 'the object has no programs');
  const p = typeof prog === 'number' ? obj.programs[prog] : obj.programs.find((x) => x.name === prog);
  if (!p) {
    const names = obj.programs.map((x) => x.name).join(', ');
    throw new RunError('no-program', `no program ${JSON.stringify(prog)} in the object (have: ${names})`);
  }
  return p;
}

/** `steps` tells the helpers how far the run is (for the deterministic clock). */
export function createWorld(
  obj: ProgramObject,
  progRef: string | number,
  opts: ResolvedOptions,
  steps: (cpu: number) => number,
): World {
  const prog = findProgram(obj, progRef);
  let set: MapSet;
  try {
    set = setupMaps(obj, { cpus: opts.cpus, seed: opts.seed });
  } catch (e) {
    throw new RunError('bad-maps', e instanceof Error ? e.message : String(e));
  }
  const mem = set.mem;
  const code = predecode(prog.insns, (kind, index, off) => {
    try {
      return kind === 1 ? set.mapAddr(index) : set.valueAddr(index, off);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  });
  const callHelper = makeHelperCaller(set, steps);
  const host: VmHost = { memory: mem.memory, callHelper: (id: number, cpu: CpuState) => callHelper(id, cpu) };
  return { prog, set, mem, code, host, sym: new Symbolizer(set), texts: insnTexts(prog, obj.maps) };
}
