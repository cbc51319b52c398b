/**
 * Where `run()` and the conformance runner find the engines this folder does not own:
 * parallel mode (src/engine/parallel/, worker per CPU, JIT code) and the JIT's bare runner
 * (src/engine/jit/). Deterministic mode with the interpreter never goes through here.
 *
 * Contract for the JIT engineer — either of:
 * 1. register explicitly (e.g. from the module's top level, so importing it is enough):
 *      import { registerEngines } from '../machine/engines.ts';
 *      registerEngines({ runParallel, runBare });
 * 2. or export the same names from the modules below, which are imported lazily the first
 *    time they are needed:
 *      src/engine/parallel/index.ts  export async function runParallel(obj, prog, opts): Promise<RunResult>
 *                                    export async function runJitSequential(obj, prog, opts): Promise<RunResult>
 *      src/engine/jit/index.ts       export async function runBare(insns, mem): Promise<BareOutcome>
 * `runJitSequential` (optional) serves `mode: 'deterministic', engine: 'jit'`: JIT code, whole
 * invocations one after another, for differential tests against the interpreter.
 * `runParallel` receives the already-validated RunOptions (mode 'parallel'; engine 'jit' or
 * 'interp') and must return the RunResult schema with limits reported in `error`, never throw
 * for a program's fault.
 */
import type { Insn } from '../isa/insn.ts';
import type { ProgramObject } from '../object.ts';
import type { RunResult } from '../results.ts';
import type { RunOptions } from './options.ts';

/** One bare execution (conformance): r1 = address of a copy of `mem`, r2 = its length. */
export interface BareOutcome {
  r0: bigint;
  /** Set when the program faulted (code as in vm/cpu.ts VmFault). */
  fault?: { code: string; message: string; pc: number };
}

export interface Engines {
  runParallel?: (obj: ProgramObject, prog: string | number, opts: RunOptions) => Promise<RunResult>;
  runJitSequential?: (obj: ProgramObject, prog: string | number, opts: RunOptions) => Promise<RunResult>;
  runBare?: (insns: Insn[], mem: Uint8Array) => Promise<BareOutcome>;
}

const registered: Engines = {};

export function registerEngines(e: Engines): void {
  Object.assign(registered, e);
}

// Variable specifiers so neither tsc nor the bundler requires the modules to exist yet; the UI
// that wants parallel mode imports src/engine/parallel/index.ts itself (which registers).
const PARALLEL_MODULE = '../parallel/index.ts';
const JIT_MODULE = '../jit/index.ts';

async function tryImport(spec: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function loadParallel(): Promise<void> {
  if (registered.runParallel && registered.runJitSequential) return;
  const m = await tryImport(PARALLEL_MODULE);
  if (!registered.runParallel && typeof m?.runParallel === 'function') {
    registered.runParallel = m.runParallel as Engines['runParallel'];
  }
  if (!registered.runJitSequential && typeof m?.runJitSequential === 'function') {
    registered.runJitSequential = m.runJitSequential as Engines['runJitSequential'];
  }
}

export async function parallelEngine(): Promise<Engines['runParallel'] | null> {
  await loadParallel();
  return registered.runParallel ?? null;
}

export async function jitSequentialEngine(): Promise<Engines['runJitSequential'] | null> {
  await loadParallel();
  return registered.runJitSequential ?? null;
}

export async function jitBareEngine(): Promise<Engines['runBare'] | null> {
  if (!registered.runBare) {
    const m = await tryImport(JIT_MODULE);
    if (typeof m?.runBare === 'function') registered.runBare = m.runBare as Engines['runBare'];
  }
  return registered.runBare ?? null;
}
