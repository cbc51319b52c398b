/**
 * The downloadable runner: built as `npm run build` builds it, extracted into a clean
 * directory and run with its README's steps (the ```sh block, line by line; `sudo` dropped
 * since tests run as root, `# exits 1` marks a step that must fail). The CLI runs on the
 * system's Node when that is Node 20+ (the promise of the download), else on ours. Also the
 * per-lab download a lab cell builds client-side (buildLabTarball) with a learner's program.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeKernel } from '../testing/kernel.ts';
import { buildLabTarball } from './tarball.ts';

const root = resolve(import.meta.dirname, '../..');

function pickNode(): string {
  const sys = '/usr/bin/node';
  if (existsSync(sys)) {
    const v = spawnSync(sys, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(v.split('.')[0]) >= 20) return sys;
  }
  return process.execPath;
}

describeKernel('downloadable runner', () => {
  let work: string;
  let tarball: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'lockstep-download-'));
    tarball = join(work, 'lockstep-runner.tar.gz');
    const { buildRunnerTarball } = (await import('../../scripts/runner-tarball.mjs')) as {
      buildRunnerTarball: (out: string) => Promise<unknown>;
    };
    await buildRunnerTarball(tarball);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("the extracted tarball runs with its README's steps", () => {
    const clean = mkdtempSync(join(work, 'clean-'));
    expect(spawnSync('tar', ['xzf', tarball], { cwd: clean }).status).toBe(0);
    const readme = readFileSync(join(clean, 'lockstep-runner/README.md'), 'utf8');
    const block = readme.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
    const steps = block.split('\n').filter((l) => l.trim());
    expect(steps.length).toBeGreaterThan(3);
    const node = pickNode();
    let cwd = clean;
    for (const step of steps) {
      const cd = step.match(/^cd (\S+)$/);
      if (cd) {
        cwd = join(cwd, cd[1]);
        continue;
      }
      const want = /# exits 1/.test(step) ? 1 : 0;
      const cmd = step
        .replace(/#.*$/, '')
        .replace(/\bsudo /g, '')
        .replace(/\bnode /g, `${node} `);
      const r = spawnSync('sh', ['-c', cmd], {
        cwd,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, LOCKSTEP_LABS: '' },
      });
      expect(r.status, `${step}\n${r.stdout.slice(-800)}\n${r.stderr.slice(-800)}`).toBe(want);
    }
  }, 240_000);

  test("a lab cell's download runs the learner's program in place of the solution", async () => {
    const starter = readFileSync(join(root, 'labs/tickets/starter.bpf.c'), 'utf8');
    const bytes = await buildLabTarball('tickets', starter, readFileSync(tarball));
    const clean = mkdtempSync(join(work, 'mine-'));
    writeFileSync(join(clean, 'tickets.tar.gz'), bytes);
    expect(spawnSync('tar', ['xzf', 'tickets.tar.gz'], { cwd: clean }).status).toBe(0);
    const dir = join(clean, 'lockstep-runner');
    expect(readFileSync(join(dir, 'labs/tickets/solution.bpf.c'), 'utf8')).toBe(starter);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^Built from the course for lab tickets/);
    const r = spawnSync(pickNode(), ['lockstep.mjs', 'check', 'tickets', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(1);
    const failed = (JSON.parse(r.stdout).checks as { id: string; pass: boolean }[])
      .filter((c) => !c.pass)
      .map((c) => c.id);
    expect(failed).toEqual(['zero-to-n-minus-1']);
    await expect(buildLabTarball('no-such-lab', '', readFileSync(tarball))).rejects.toThrow(/no lab 'no-such-lab'/);
  }, 120_000);
});
