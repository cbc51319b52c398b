/**
 * Links the lab worker to the engine's public API — compiler, verifier, machine, lab grader —
 * and turns their answers into protocol values. Only the public entry points named in DESIGN
 * are used; nothing here knows how the engine works inside.
 */
import { compile } from '../../engine/compiler/index.ts';
import { createStepper, registerEngines, run } from '../../engine/machine/index.ts';
import type { ProgramObject } from '../../engine/object.ts';
import { runJitSequential, runParallel } from '../../engine/parallel/index.ts';
import type { CheckResult, RunResult } from '../../engine/results.ts';
import { verify } from '../../engine/verifier/index.ts';
import { gradeLab } from '../../labs/browser.ts';
import { disasmLines } from './disasm-lines.ts';
import type { Outcome, Stage } from './protocol.ts';
import { userspaceScript } from './userspace-scripts.ts';

// Give the machine its parallel engines explicitly (machine/engines.ts): otherwise it looks for
// a missing one by a dynamic import that a bundled page cannot resolve (an HTTP 404).
registerEngines({ runParallel, runJitSequential });

function pickProgram(obj: ProgramObject, name?: string): number {
  if (!name) return 0;
  const i = obj.programs.findIndex((p) => p.name === name);
  return Math.max(0, i);
}

export type Built =
  | { ready: false; outcome: Outcome }
  | { ready: true; outcome: Outcome; object: ProgramObject; prog: number };

export const engine = {
  run,
  createStepper,
  /** The lab's userspace script (reader, harvester), for run() and createStepper(). */
  userspaceScript,

  /** Compile and (when `doVerify`) verify; stops at the first stage that rejects the program. */
  build(source: string, program: string | undefined, progress: (s: Stage) => void, doVerify: boolean): Built {
    const outcome: Outcome = { stage: 'compile', diagnostics: [], checks: [], missing: [], notes: [] };
    progress('compile');
    const { object, diagnostics } = compile({ path: 'lab.bpf.c', source });
    outcome.diagnostics = diagnostics;
    if (!object || diagnostics.some((d) => d.severity === 'error')) return { ready: false, outcome };
    const prog = pickProgram(object, program);
    if (object.programs[prog]) outcome.disasm = disasmLines(object.programs[prog], object);
    if (!doVerify) return { ready: true, outcome, object, prog };
    progress('verify');
    outcome.stage = 'verify';
    // The source lets the log quote lines (`; counter++ @ lab.bpf.c:24`) as the kernel does.
    const v = verify(object, prog, { logLevel: 1, source });
    outcome.verifier = {
      accepted: v.accepted,
      log: v.log,
      processed: v.processed,
      error: v.error && { message: v.error.message, insn: v.error.insn, line: v.error.loc?.line ?? null },
    };
    if (!v.accepted) return { ready: false, outcome };
    return { ready: true, outcome, object, prog };
  },

  /** Runs the lab's checks over a result (the same checks as `lockstep check`). */
  grade(labId: string, result: RunResult): CheckResult[] {
    if (labId.includes('~')) return []; // a variant cell (lab~variant) is not graded
    if (result.error) return []; // a run that stopped early has nothing to grade
    return gradeLab(labId, result);
  },
};
export type Engine = typeof engine;
