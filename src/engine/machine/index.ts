/**
 * The machine: runs a program object on simulated CPUs and reports the RunResult schema.
 * - `run(obj, prog, opts)`: deterministic mode (interpreter + scheduler) here; parallel mode
 *   and the JIT (also `mode: 'deterministic', engine: 'jit'`: whole invocations in turn, no
 *   schedule) through engines.ts.
 * - `createStepper(obj, prog, opts)`: step mode for the UI (stepper.ts).
 * Schedule strings, contexts and options are documented in their modules. The bpf_conformance
 * runner (conformance.ts) reads files with node:fs, so it is imported directly, not from here:
 * this module is also bundled for the browser.
 */
import type { ProgramObject } from '../object.ts';
import type { RunResult } from '../results.ts';
import { DeterministicMachine } from './deterministic.ts';
import { jitSequentialEngine, parallelEngine } from './engines.ts';
import { RunError, type RunOptions, resolveOptions } from './options.ts';
import type { TraceEntry } from './trace.ts';

export { SYNTHETIC_TGID, SYSCALL_CYCLE } from './context.ts';
export { type BareOutcome, type Engines, registerEngines } from './engines.ts';
export { RunError, type RunOptions, type UserspaceScript } from './options.ts';
export { encodeSchedule, parseSchedule, USERSPACE } from './schedule.ts';
export { createStepper, type Stepper, type StepperOptions, type StepperState } from './stepper.ts';
export type { MemAccessInfo, TraceEntry } from './trace.ts';

/** A run that could not start (bad options, no such program, bad maps) as a RunResult. */
function failed(opts: RunOptions, code: string, message: string): RunResult {
  return {
    engine: opts.engine ?? 'interp',
    cpus: opts.cpus ?? 1,
    eventsPerCpu: opts.events ?? 1,
    mode: opts.mode ?? 'deterministic',
    globals: {},
    maps: {},
    checks: [],
    durationNs: 0,
    nsPerEvent: 0,
    log: [],
    error: { code, message },
    ...(opts.lab ? { lab: opts.lab } : {}),
  };
}

export async function run(obj: ProgramObject, prog: string | number, opts: RunOptions = {}): Promise<RunResult> {
  return (await runTraced(obj, prog, { ...opts, trace: opts.trace ?? false })).result;
}

/**
 * `run()` that also returns the deterministic trace (every instruction, with the shared memory
 * it touched; at most `traceLimit` entries). Parallel runs have no trace.
 */
export async function runTraced(
  obj: ProgramObject,
  prog: string | number,
  opts: RunOptions = {},
): Promise<{ result: RunResult; trace: TraceEntry[] }> {
  return runInner(obj, prog, { trace: true, ...opts });
}

async function runInner(
  obj: ProgramObject,
  prog: string | number,
  opts: RunOptions,
): Promise<{ result: RunResult; trace: TraceEntry[] }> {
  const plain = (result: RunResult) => ({ result, trace: [] as TraceEntry[] });
  try {
    const o = resolveOptions(opts);
    if (o.mode === 'parallel') {
      const parallel = await parallelEngine();
      if (!parallel) {
        return plain(failed(opts, 'no-engine', 'parallel mode is not available in this build (src/engine/parallel)'));
      }
      return plain(await parallel(obj, prog, opts));
    }
    if (o.engine === 'jit') {
      // Deterministic JIT: whole invocations in turn (no instruction-level schedule), if built.
      const seq = await jitSequentialEngine();
      if (seq) return plain(await seq(obj, prog, opts));
      const why = 'deterministic mode with the JIT is not available in this build; use --engine interp';
      return plain(failed(opts, 'no-engine', why));
    }
    const m = new DeterministicMachine(obj, prog, o);
    // durationNs covers the execution, not laying out the maps.
    const t0 = performance.now();
    await m.runToEnd();
    return { result: m.result(Math.round((performance.now() - t0) * 1e6), o.lab), trace: m.trace };
  } catch (e) {
    if (e instanceof RunError) return plain(failed(opts, e.code, e.message));
    const err = e instanceof Error ? e : new Error(String(e));
    return plain(failed(opts, 'engine-error', `${err.name}: ${err.message}`));
  }
}
