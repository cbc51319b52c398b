/**
 * One lab, two engines: the real kernel (`lockstep run --json`) and the Lockstep engine
 * (compile → run in deterministic mode, what `lockstep sim` does) must give results with the
 * same keys (globals, maps and their sizes, checks) and checks that agree: every check on the
 * solution, and the lesson's checks on the starter.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { compile } from '../engine/compiler/index.ts';
import { run } from '../engine/machine/index.ts';
import { parseResults, type RunResult } from '../engine/results.ts';
import { gradeRun } from '../labs/grade.ts';
import { allLabs } from '../labs/registry.ts';
import { describeKernel } from '../testing/kernel.ts';

const root = resolve(import.meta.dirname, '../..');

function kernelRun(lab: string, starter: boolean): RunResult {
  const args = [join(root, 'bin/lockstep.mjs'), 'run', lab, '--json', ...(starter ? ['--starter'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return parseResults(r.stdout) as RunResult;
}

async function engineRun(lab: string, starter: boolean, cpus: number): Promise<RunResult> {
  const def = allLabs().find((d) => d.meta.id === lab)!;
  const path = join(root, 'labs', lab, starter ? 'starter.bpf.c' : 'solution.bpf.c');
  const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8') });
  expect(object, JSON.stringify(diagnostics.slice(0, 3))).not.toBeNull();
  const r = await run(object!, def.meta.program.name, { cpus, events: 2000, mode: 'deterministic', seed: 7, lab });
  r.checks = gradeRun(def, r);
  return r;
}

const shape = (r: RunResult) => ({
  globals: Object.keys(r.globals).sort(),
  maps: Object.fromEntries(Object.entries(r.maps).map(([k, v]) => [k, v.length])),
  checks: r.checks.map((c) => c.id),
});

describeKernel('lockstep run and the engine agree', () => {
  for (const { meta } of allLabs().filter((d) => d.meta.chapter === 'races' || d.meta.chapter === 'atomics')) {
    test(`${meta.id}: same keys, same verdicts`, async () => {
      for (const starter of [false, true]) {
        const k = kernelRun(meta.id, starter);
        const e = await engineRun(meta.id, starter, k.cpus);
        expect(shape(e)).toEqual(shape(k));
        const verdicts = (r: RunResult) =>
          Object.fromEntries(
            r.checks
              .filter((c) => !starter || meta.checks.find((m) => m.id === c.id)?.starterFails)
              .map((c) => [c.id, c.pass]),
          );
        expect(verdicts(e), `${starter ? 'starter' : 'solution'}: engine vs kernel`).toEqual(verdicts(k));
      }
    }, 120_000);
  }
});
