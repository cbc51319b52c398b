/**
 * percpu-counter on both sides: the engine (our compiler, the deterministic machine) and the
 * real kernel (`lockstep check`). The per-CPU solution is exact with one count per CPU; the
 * shared-array starter has one value for all CPUs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/engine/compiler/index.ts';
import { run } from '../../src/engine/machine/index.ts';
import { parseResults, type RunResult } from '../../src/engine/results.ts';
import { gradeLab } from '../../src/labs/browser.ts';
import { allLabs } from '../../src/labs/registry.ts';
import { describeKernel } from '../../src/testing/kernel.ts';

const LAB = 'percpu-counter';
const dir = import.meta.dirname;
const cli = join(dir, '../../bin/lockstep.mjs');

async function engineRun(file: string, seed: number): Promise<RunResult> {
  const path = join(dir, file);
  const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8') });
  expect(diagnostics).toEqual([]);
  const r = await run(object!, 'count_packets', { cpus: 2, events: 20, seed, lab: LAB });
  expect(r.error).toBeUndefined();
  r.checks = gradeLab(LAB, r);
  return r;
}

const verdicts = (r: RunResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.pass]));

describe('percpu-counter on the engine (2 CPUs x 20 events)', () => {
  test('the solution: exact, each CPU its own 20', async () => {
    const r = await engineRun('solution.bpf.c', 1);
    expect(r.maps.packets).toEqual([{ key: 0n, values: [20n, 20n] }]);
    expect(verdicts(r)).toEqual({ 'counts-packets': true, 'exact-total': true, 'one-slot-per-cpu': true });
  });

  test('the starter: one shared value, and some schedules lose updates', async () => {
    let lossy = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const v = verdicts(await engineRun('starter.bpf.c', seed));
      expect(v['counts-packets']).toBe(true);
      expect(v['one-slot-per-cpu']).toBe(false);
      if (!v['exact-total']) lossy++;
    }
    expect(lossy).toBeGreaterThan(0);
  });
});

describe('percpu-counter on the parallel JIT (issue 6: 2 CPUs x 1,000,000 events)', () => {
  test('the per-CPU solution is exact: one million on each CPU', async () => {
    const path = join(dir, 'solution.bpf.c');
    const { object } = compile({ path, source: readFileSync(path, 'utf8') });
    const r = await run(object!, 'count_packets', {
      cpus: 2,
      events: 1_000_000,
      mode: 'parallel',
      engine: 'jit',
      lab: LAB,
      timeLimitMs: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.maps.packets).toEqual([{ key: 0n, values: [1_000_000n, 1_000_000n] }]);
    expect(gradeLab(LAB, r).every((c) => c.pass)).toBe(true);
  });
});

/** Same keys as the kernel run (issue 7's parity): globals, map sizes, check ids. */
const shape = (r: RunResult) => ({
  globals: Object.keys(r.globals).sort(),
  maps: Object.fromEntries(Object.entries(r.maps).map(([k, v]) => [k, v.length])),
  checks: r.checks.map((c) => c.id),
});

/** What `lockstep sim` would give: the engine, deterministic, 2 CPUs x 2000 events. */
async function simRun(file: string): Promise<RunResult> {
  const path = join(dir, file);
  const { object } = compile({ path, source: readFileSync(path, 'utf8') });
  const r = await run(object!, 'count_packets', { cpus: 2, events: 2000, seed: 7, lab: LAB });
  expect(r.error).toBeUndefined();
  r.checks = gradeLab(LAB, r);
  return r;
}

/** The engine agrees with the kernel on every check (solution) or on the lesson's (starter). */
async function expectParity(file: string, kernel: RunResult, lessonOnly: boolean): Promise<void> {
  const e = await simRun(file);
  expect(shape(e)).toEqual(shape(kernel));
  const lesson = new Set(
    allLabs()
      .find((d) => d.meta.id === LAB)!
      .meta.checks.filter((c) => c.starterFails)
      .map((c) => c.id),
  );
  const pick = (r: RunResult) =>
    Object.fromEntries(r.checks.filter((c) => !lessonOnly || lesson.has(c.id)).map((c) => [c.id, c.pass]));
  expect(pick(e), `${file}: engine vs kernel`).toEqual(pick(kernel));
}

function check(starter: boolean): { status: number | null; checks: Record<string, boolean>; result: RunResult } {
  const r = spawnSync(process.execPath, [cli, 'check', LAB, '--json', ...(starter ? ['--starter'] : [])], {
    encoding: 'utf8',
    timeout: 150_000,
  });
  const result = parseResults(r.stdout) as RunResult;
  expect(result.engine, r.stderr || r.stdout).toBe('kernel');
  return { status: r.status, checks: Object.fromEntries(result.checks.map((c) => [c.id, c.pass])), result };
}

describeKernel('percpu-counter on the real kernel', () => {
  test('lockstep check passes the solution; the engine agrees', async () => {
    const r = check(false);
    await expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'counts-packets': true, 'exact-total': true, 'one-slot-per-cpu': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the starter loses updates and has no per-CPU slots; the engine agrees', async () => {
    const r = check(true);
    await expectParity('starter.bpf.c', r.result, true);
    expect(r.checks).toEqual({ 'counts-packets': true, 'exact-total': false, 'one-slot-per-cpu': false });
    expect(r.status).toBe(1);
  }, 180_000);
});
