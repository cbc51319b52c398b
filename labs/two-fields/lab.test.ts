/**
 * two-fields on both sides: the engine (our compiler, the deterministic machine, the lab's
 * userspace reader as a participant) and the real kernel (`lockstep check`, reference C with
 * its reader thread). The solution passes every check; the starter tears pairs.
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

const LAB = 'two-fields';
const dir = import.meta.dirname;
const cli = join(dir, '../../bin/lockstep.mjs');

async function engineRun(file: string, seed: number): Promise<RunResult> {
  const path = join(dir, file);
  const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8') });
  expect(diagnostics).toEqual([]);
  const r = await run(object!, 'track_sizes', { cpus: 2, events: 20, seed, userspace: reader, lab: LAB });
  expect(r.error).toBeUndefined();
  r.checks = gradeLab(LAB, r);
  return r;
}

const verdicts = (r: RunResult) => Object.fromEntries(r.checks.map((c) => [c.id, c.pass]));

describe('two-fields on the engine (2 CPUs x 20 events, userspace reader)', () => {
  test('the solution passes every check', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await engineRun('solution.bpf.c', seed);
      expect(verdicts(r), JSON.stringify(r.checks)).toEqual({
        'exact-totals': true,
        'no-torn-pairs': true,
        'reader-consistent': true,
      });
    }
  });

  test('the starter keeps exact totals but its pairs tear', async () => {
    let torn = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = await engineRun('starter.bpf.c', seed);
      expect(verdicts(r)['exact-totals']).toBe(true);
      if (!verdicts(r)['no-torn-pairs']) torn++;
    }
    expect(torn).toBeGreaterThan(0);
  });
});

describe('two-fields on the parallel JIT (issue 6: 2 CPUs x 1,000,000 events)', () => {
  test('the spin-lock solution is exact and never torn, with the reader running', async () => {
    const path = join(dir, 'solution.bpf.c');
    const { object } = compile({ path, source: readFileSync(path, 'utf8') });
    const r = await run(object!, 'track_sizes', {
      cpus: 2,
      events: 1_000_000,
      mode: 'parallel',
      engine: 'jit',
      userspace: reader,
      lab: LAB,
      timeLimitMs: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.maps.stats[0].value).toMatchObject({ packets: 2_000_000n, bytes: 128_000_000n });
    expect(r.globals.torn).toBe(0n);
    expect(verdicts({ ...r, checks: gradeLab(LAB, r) })).toEqual({
      'exact-totals': true,
      'no-torn-pairs': true,
      'reader-consistent': true,
    });
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
  const r = await run(object!, 'track_sizes', { cpus: 2, events: 2000, seed: 7, lab: LAB, userspace: reader });
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

describeKernel('two-fields on the real kernel', () => {
  test('lockstep check passes the solution; the engine agrees', async () => {
    const r = check(false);
    await expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'exact-totals': true, 'no-torn-pairs': true, 'reader-consistent': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the starter: exact totals, torn pairs; the engine agrees', async () => {
    const r = check(true);
    await expectParity('starter.bpf.c', r.result, true);
    expect(r.checks['exact-totals']).toBe(true);
    expect(r.checks['no-torn-pairs']).toBe(false);
    expect(r.status).toBe(1);
  }, 180_000);
});
