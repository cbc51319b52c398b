/**
 * The runner on the real kernel (issue 7): every chapter 1–2 lab passes `lockstep check` on
 * its solution and fails, on its starter, the checks its lesson says it fails; `lockstep sim`
 * on the same file gives results with the same keys and checks that agree (graded with the
 * lab's checks: every check on the solution, the lesson's on the starter); a run interrupted
 * by SIGINT or SIGTERM leaves no program or map loaded. One file, so the kernel runs are
 * sequential (they pin threads to both cores).
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseResults, type RunResult } from '../engine/results.ts';
import { gradeRun, type LabDef } from '../labs/grade.ts';
import { allLabs } from '../labs/registry.ts';
import { describeKernel } from '../testing/kernel.ts';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin/lockstep.mjs');

function lockstep(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function kernelResult(r: SpawnSyncReturns<string>): RunResult {
  const result = parseResults(r.stdout) as RunResult;
  expect(result.engine, r.stderr || r.stdout).toBe('kernel');
  return result;
}

const verdicts = (r: RunResult, only?: string[]) =>
  Object.fromEntries(r.checks.filter((c) => !only || only.includes(c.id)).map((c) => [c.id, c.pass]));

const shape = (r: RunResult) => ({
  globals: Object.keys(r.globals).sort(),
  maps: Object.fromEntries(Object.entries(r.maps).map(([k, v]) => [k, v.length])),
  checks: r.checks.map((c) => c.id),
});

/** `lockstep sim` on the file the kernel ran, same CPUs, deterministic; graded like a kernel run. */
function simAgrees(def: LabDef, file: string, kernel: RunResult, only?: string[]): void {
  const args = [
    'sim',
    join(root, 'labs', def.meta.id, file),
    '--prog',
    def.meta.program.name,
    '--cpus',
    String(kernel.cpus),
  ];
  const r = lockstep([...args, '--events', '2000', '--seed', '7', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const sim = parseResults(r.stdout) as RunResult;
  sim.checks = gradeRun(def, sim);
  expect(shape(sim)).toEqual(shape(kernel));
  expect(verdicts(sim, only), `${file}: sim vs kernel`).toEqual(verdicts(kernel, only));
}

describeKernel('lockstep check on the real kernel', () => {
  for (const def of allLabs().filter((d) => d.meta.chapter === 'races' || d.meta.chapter === 'atomics')) {
    const meta = def.meta;
    test(`${meta.id}: the solution passes every check; sim agrees`, () => {
      const r = lockstep(['check', meta.id, '--json']);
      const kernel = kernelResult(r);
      expect(verdicts(kernel)).toEqual(Object.fromEntries(meta.checks.map((c) => [c.id, true])));
      expect(r.status).toBe(0);
      simAgrees(def, 'solution.bpf.c', kernel);
    }, 180_000);

    const lesson = meta.checks.filter((c) => c.starterFails).map((c) => c.id);
    test(`${meta.id}: the starter fails ${lesson.join(', ')}; sim agrees`, () => {
      const r = lockstep(['check', meta.id, '--starter', '--json']);
      const kernel = kernelResult(r);
      expect(lesson.length).toBeGreaterThan(0);
      expect(verdicts(kernel, lesson)).toEqual(Object.fromEntries(lesson.map((id) => [id, false])));
      expect(r.status).toBe(1);
      simAgrees(def, 'starter.bpf.c', kernel, lesson);
    }, 180_000);
  }

  test('racy-counter on 1 CPU counts exactly: the harness makes exactly CPUs x events syscalls', () => {
    const args = ['run', 'racy-counter', '--starter', '--cpus', '1', '--events', '100000', '--json'];
    const one = parseResults(lockstep(args).stdout) as RunResult;
    expect(one.globals.counter).toBe(100000);
  }, 120_000);

  test('clear refusals: not permitted, unknown lab, bad arguments, a file that does not compile or fit', () => {
    // Root with every capability dropped: bpf() is not permitted.
    const nobody = spawnSync(
      'setpriv',
      ['--inh-caps=-all', '--bounding-set=-all', '--', process.execPath, cli, 'run', 'tickets'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/bpf\(\) permitted .*: uid 0 without CAP_BPF[\s\S]*fix: Run as root/);
    expect(lockstep(['run', 'no-such-lab']).stderr).toMatch(/no lab 'no-such-lab'; labs: racy-counter/);
    expect(lockstep(['run', 'tickets', '--cpus', '0']).stderr).toMatch(/--cpus must be an integer in 1\.\.64/);
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-bad-'));
    try {
      writeFileSync(join(dir, 'bad.bpf.c'), '#include "vmlinux.h"\nint x = ;\n');
      const r = lockstep(['run', 'tickets', '--file', join(dir, 'bad.bpf.c'), '--json']);
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).error).toMatchObject({
        code: 'build-failed',
        message: expect.stringMatching(/bad\.bpf\.c:2:9: error/),
      });
      const renamed = readFileSync(join(root, 'labs/tickets/solution.bpf.c'), 'utf8').replace(
        'take_ticket',
        'my_ticket',
      );
      writeFileSync(join(dir, 'renamed.bpf.c'), renamed);
      const r2 = lockstep(['run', 'tickets', '--file', join(dir, 'renamed.bpf.c')]);
      expect(r2.status).toBe(1);
      expect(r2.stderr).toMatch(/uses take_ticket\(\) and the lab's globals and maps by name/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} during a run: the program and its maps are unloaded`, async () => {
      // A uniquely named copy of the solution, so other tests' programs do not count.
      const name = `ls_${signal === 'SIGINT' ? 'int' : 'term'}_${process.pid.toString(16).slice(-6)}`;
      const dir = mkdtempSync(join(tmpdir(), 'lockstep-sigint-'));
      const src = readFileSync(join(root, 'labs/racy-counter/solution.bpf.c'), 'utf8').replace('count_syscalls', name);
      writeFileSync(join(dir, 'mine.bpf.c'), src);
      const progs = () =>
        (
          JSON.parse(spawnSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' }).stdout) as {
            name?: string;
            map_ids?: number[];
          }[]
        ).filter((p) => p.name === name);
      const mapIds = () =>
        new Set(
          (
            JSON.parse(spawnSync('bpftool', ['map', 'show', '-j'], { encoding: 'utf8' }).stdout) as { id: number }[]
          ).map((m) => m.id),
        );
      try {
        const before = progs().length;
        const child = spawn(
          process.execPath,
          [cli, 'run', 'racy-counter', '--file', join(dir, 'mine.bpf.c'), '--events', '100000000'],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
        let during: { map_ids?: number[] }[] = [];
        for (let i = 0; i < 1200 && during.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 100));
          during = progs();
        }
        expect(during.length, 'the program never showed up as loaded').toBe(before + 1);
        const ours = during[0].map_ids ?? [];
        expect(ours.length).toBeGreaterThan(0);
        child.kill(signal);
        const code = await exited;
        expect(code).toBe(130);
        expect(stderr).toMatch(new RegExp(`interrupted by ${signal}`));
        // The kernel releases a program's maps after an RCU grace period (and links from a
        // workqueue), so they can outlive the process by a few ms: wait a bounded while.
        let left = { progs: progs().length - before, maps: ours.filter((id) => mapIds().has(id)) };
        for (let i = 0; i < 50 && (left.progs > 0 || left.maps.length > 0); i++) {
          await new Promise((r) => setTimeout(r, 100));
          left = { progs: progs().length - before, maps: ours.filter((id) => mapIds().has(id)) };
        }
        expect(left, 'still loaded 5 s after the runner exited').toEqual({ progs: 0, maps: [] });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 180_000);
  }
});
