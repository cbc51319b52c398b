/**
 * Test support for the labs' own lab.test.ts files (Node only, never imported by the site):
 * compile a lab's file with our compiler, run it on the engine and grade it, run
 * `lockstep check` on the real kernel, and compare the two runs (issue 7's parity). Each
 * lab.test.ts declares only what differs: its program, its userspace script, its verdicts.
 * It is not a gate: kernel tests still go inside describeKernel (src/testing/kernel.ts).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compile } from '../engine/compiler/index.ts';
import { type RunOptions, run, type UserspaceScript } from '../engine/machine/index.ts';
import type { ProgramObject } from '../engine/object.ts';
import { parseResults, type RunResult } from '../engine/results.ts';
import { gradeLab } from './browser.ts';
import { findLab } from './registry.ts';

const cli = join(import.meta.dirname, '../../bin/lockstep.mjs');

/** What a lab test declares about its lab. */
export interface LabTestSpec {
  lab: string;
  /** The lab's folder (import.meta.dirname of its lab.test.ts). */
  dir: string;
  /** The program the engine runs. */
  prog: string;
  /** The lab's userspace participant, if it has one. */
  userspace?: UserspaceScript;
}

/** A `lockstep check --json` run on the real kernel. */
export interface KernelCheck {
  status: number | null;
  checks: Record<string, boolean>;
  result: RunResult;
}

/** Check id -> pass. */
export const verdicts = (r: RunResult): Record<string, boolean> =>
  Object.fromEntries(r.checks.map((c) => [c.id, c.pass]));

/** Same keys as the kernel run (issue 7's parity): globals, map sizes, check ids. */
export const shape = (r: RunResult) => ({
  globals: Object.keys(r.globals).sort(),
  maps: Object.fromEntries(Object.entries(r.maps).map(([k, v]) => [k, v.length])),
  checks: r.checks.map((c) => c.id),
});

/** `lockstep check <lab> --json <args>` as a child process (the raw outcome). */
export function lockstepCheck(lab: string, args: string[] = []): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, 'check', lab, '--json', ...args], { encoding: 'utf8', timeout: 150_000 });
}

export function labKit(spec: LabTestSpec) {
  const { lab, dir, prog, userspace } = spec;

  /** A lab file (relative to the lab's folder) through our compiler, without diagnostics. */
  function compileLab(file: string): ProgramObject {
    const path = join(dir, file);
    const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8') });
    expect(diagnostics, file).toEqual([]);
    return object!;
  }

  /** One engine run of a lab file, graded; deterministic unless opts say otherwise. */
  async function engineRun(file: string, opts: RunOptions): Promise<RunResult> {
    const r = await run(compileLab(file), prog, { cpus: 2, ...(userspace ? { userspace } : {}), lab, ...opts });
    expect(r.error).toBeUndefined();
    r.checks = gradeLab(lab, r);
    return r;
  }

  /** The engine's small run: 2 CPUs x 20 events, one seed. */
  const smallRun = (file: string, seed: number) => engineRun(file, { events: 20, seed });

  /** The parallel JIT run (issue 6): 2 CPUs x `events`, up to a minute. */
  const jitRun = (file: string, events: number) =>
    engineRun(file, { events, mode: 'parallel', engine: 'jit', timeLimitMs: 60_000 });

  /** What `lockstep sim` would give: the engine, deterministic, 2 CPUs x 2000 events. */
  const simRun = (file: string) => engineRun(file, { events: 2000, seed: 7 });

  /** `lockstep check` on the kernel; it must have run there. */
  function check(args: string[] = []): KernelCheck {
    const r = lockstepCheck(lab, args);
    const result = parseResults(r.stdout) as RunResult;
    expect(result.engine, r.stderr || r.stdout).toBe('kernel');
    return { status: r.status, checks: verdicts(result), result };
  }

  /**
   * The engine agrees with the kernel on every check (solution) or on the lesson's (starter:
   * the checks the lab says the starter fails), except `skip`.
   */
  async function expectParity(file: string, kernel: RunResult, lessonOnly: boolean, skip: string[] = []) {
    const e = await simRun(file);
    expect(shape(e)).toEqual(shape(kernel));
    const lesson = new Set(
      findLab(lab)
        .meta.checks.filter((c) => c.starterFails)
        .map((c) => c.id),
    );
    const pick = (r: RunResult) =>
      Object.fromEntries(
        r.checks.filter((c) => (!lessonOnly || lesson.has(c.id)) && !skip.includes(c.id)).map((c) => [c.id, c.pass]),
      );
    expect(pick(e), `${file}: engine vs kernel`).toEqual(pick(kernel));
  }

  return { compileLab, engineRun, smallRun, jitRun, simRun, check, expectParity };
}
