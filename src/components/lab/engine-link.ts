/**
 * Links the lab worker to the engine's public API (compiler, verifier, machine, lab grader),
 * and turns their answers into protocol values. The pieces are looked up with Vite's eager
 * `import.meta.glob`, which yields nothing for a file that is not there yet: a build without
 * the machine still compiles and verifies, and reports what is missing. Only the public entry
 * points named in DESIGN are used.
 */
import type { Diagnostic } from '../../engine/diagnostics.ts';
import type { ProgramObject } from '../../engine/object.ts';
import type { CheckResult, RunResult } from '../../engine/results.ts';
import { disasmLines } from './disasm-lines.ts';
import type { Outcome, Stage } from './protocol.ts';

type CompileFn = (input: { path: string; source: string }) => {
  object: ProgramObject | null;
  diagnostics: Diagnostic[];
};
type VerifyFn = (
  obj: ProgramObject,
  prog: string | number,
  opts?: { logLevel?: 0 | 1 | 2 },
) => {
  accepted: boolean;
  error?: { message: string; insn: number; loc: { line: number } | null };
  log: string;
  processed: number;
};
export interface RunOpts {
  cpus: number;
  events: number;
  mode: 'parallel' | 'deterministic';
  seed?: number;
  lab?: string;
}
type RunFn = (obj: ProgramObject, prog: string | number, opts: RunOpts) => Promise<RunResult>;
type Mod = Record<string, unknown>;

const first = (g: Record<string, unknown>): Mod | undefined => Object.values(g)[0] as Mod | undefined;
const compilerMod = first(import.meta.glob('../../engine/compiler/index.ts', { eager: true }));
const verifierMod = first(import.meta.glob('../../engine/verifier/index.ts', { eager: true }));
const machineMod = first(import.meta.glob('../../engine/machine/index.ts', { eager: true }));
const gradeMod = first(import.meta.glob('../../labs/browser.ts', { eager: true }));

function fn<T>(mod: Mod | undefined, name: string): T | undefined {
  const f = mod?.[name];
  return typeof f === 'function' ? (f as T) : undefined;
}

const compile = fn<CompileFn>(compilerMod, 'compile');
const verify = fn<VerifyFn>(verifierMod, 'verify');

function pickProgram(obj: ProgramObject, name?: string): number {
  if (!name) return 0;
  const i = obj.programs.findIndex((p) => p.name === name);
  return Math.max(0, i);
}

export type Built =
  | { ready: false; outcome: Outcome }
  | { ready: true; outcome: Outcome; object: ProgramObject; prog: number };

export const engine = {
  run: fn<RunFn>(machineMod, 'run'),
  createStepper: fn<(...args: unknown[]) => unknown>(machineMod, 'createStepper'),
  machine: machineMod,

  /** Compile and (when `doVerify`) verify; stops at the first stage that rejects the program. */
  build(source: string, program: string | undefined, progress: (s: Stage) => void, doVerify: boolean): Built {
    const outcome: Outcome = { stage: 'compile', diagnostics: [], checks: [], missing: [] };
    if (!compile) {
      outcome.missing.push('compiler');
      return { ready: false, outcome };
    }
    progress('compile');
    const { object, diagnostics } = compile({ path: 'lab.bpf.c', source });
    outcome.diagnostics = diagnostics;
    if (!object || diagnostics.some((d) => d.severity === 'error')) return { ready: false, outcome };
    const prog = pickProgram(object, program);
    if (object.programs[prog]) outcome.disasm = disasmLines(object.programs[prog]);
    if (!doVerify) return { ready: true, outcome, object, prog };
    if (!verify) {
      outcome.missing.push('verifier');
      return { ready: false, outcome };
    }
    progress('verify');
    outcome.stage = 'verify';
    const v = verify(object, prog, { logLevel: 1 });
    outcome.verifier = {
      accepted: v.accepted,
      log: v.log,
      processed: v.processed,
      error: v.error && { message: v.error.message, insn: v.error.insn, line: v.error.loc?.line ?? null },
    };
    if (!v.accepted) return { ready: false, outcome };
    return { ready: true, outcome, object, prog };
  },

  /** Runs the lab's checks over a result, with the lab grader when this build has it. */
  async grade(labId: string, result: RunResult, missing: string[]): Promise<CheckResult[]> {
    if (labId.includes('~')) return []; // a variant cell (lab~variant) is not graded
    const g = fn<(lab: string, r: RunResult) => CheckResult[] | Promise<CheckResult[]>>(gradeMod, 'gradeLab');
    if (!g) {
      if (result.checks.length === 0) missing.push('grader');
      return result.checks;
    }
    return await g(labId, result);
  },
};
export type Engine = typeof engine;
