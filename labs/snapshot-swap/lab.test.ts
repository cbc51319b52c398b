/**
 * snapshot-swap on both sides: the engine (our compiler, the deterministic machine, the
 * lab's userspace harvester) and the real kernel (`lockstep check`). Swapping inner maps
 * harvests every packet once; reading and resetting the live map loses some.
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
import reader from './userspace.ts';

const LAB = 'snapshot-swap';
const dir = import.meta.dirname;
const cli = join(dir, '../../bin/lockstep.mjs');

async function engineRun(file: string, seed: number): Promise<Record<string, boolean>> {
  const path = join(dir, file);
  const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8') });
  expect(diagnostics).toEqual([]);
  const r = await run(object!, 'count_keys', { cpus: 2, events: 20, seed, userspace: reader, lab: LAB });
  expect(r.error).toBeUndefined();
  return Object.fromEntries(gradeLab(LAB, r).map((c) => [c.id, c.pass]));
}

describe('snapshot-swap on the engine (2 CPUs x 20 events, userspace harvester)', () => {
  test('the swap solution harvests every packet once', async () => {
    for (const seed of [1, 2, 3]) {
      expect(await engineRun('solution.bpf.c', seed)).toEqual({
        'packets-numbered': true,
        harvested: true,
        'exact-sum': true,
      });
    }
  });

  test('the read-and-reset starter loses packets under some schedules', async () => {
    let lossy = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const v = await engineRun('starter.bpf.c', seed);
      expect(v.harvested).toBe(true);
      if (!v['exact-sum']) lossy++;
    }
    expect(lossy).toBeGreaterThan(0);
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
  const r = await run(object!, 'count_keys', { cpus: 2, events: 2000, seed: 7, lab: LAB, userspace: reader });
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

function check(args: string[]): { status: number | null; checks: Record<string, boolean>; result: RunResult } {
  const r = spawnSync(process.execPath, [cli, 'check', LAB, '--json', ...args], { encoding: 'utf8', timeout: 150_000 });
  const result = parseResults(r.stdout) as RunResult;
  expect(result.engine, r.stderr || r.stdout).toBe('kernel');
  return { status: r.status, checks: Object.fromEntries(result.checks.map((c) => [c.id, c.pass])), result };
}

describeKernel('snapshot-swap on the real kernel', () => {
  test('lockstep check passes the swap solution; the engine agrees', async () => {
    const r = check([]);
    await expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'packets-numbered': true, harvested: true, 'exact-sum': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the read-and-reset starter loses packets; the engine agrees', async () => {
    const r = check(['--starter']);
    await expectParity('starter.bpf.c', r.result, true);
    expect(r.checks).toEqual({ 'packets-numbered': true, harvested: true, 'exact-sum': false });
    expect(r.status).toBe(1);
  }, 180_000);
});
