/** Runner parts that need no kernel: child process cleanup, doctor data, the tarball rewrite. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTarGzip, parseTarGzip } from 'nanotar';
import { describe, expect, test } from 'vitest';
import { runChild } from './child.ts';
import { healthChecks, runDoctor } from './doctor.ts';
import { kernelVersion, versionAtLeast } from './system.ts';
import { buildLabTarball } from './tarball.ts';

describe('runChild', () => {
  test('a timeout kills the whole process group, grandchildren included', async () => {
    let pid = 0;
    const p = runChild('sh', ['-c', 'echo $$; sleep 30 & sleep 30; wait'], { what: 'sleeper', timeoutMs: 300 });
    await expect(p).rejects.toMatchObject({
      code: 'timeout',
      message: 'sleeper took longer than 0.3 s and was stopped',
    });
    // The group is gone: signalling it fails with ESRCH.
    const r = await runChild('sh', ['-c', 'echo $$'], { what: 'probe', timeoutMs: 5000 });
    pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(-pid, 0)).toThrow();
  });

  test('a missing program is an error with the command, not a crash', async () => {
    await expect(runChild('/nonexistent/lockstep-tool', [], { what: 'build', timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'run-failed',
    });
  });
});

describe('doctor', () => {
  test('checks are data with a label, a diagnosis and a fix', () => {
    const report = runDoctor();
    expect(report.checks.map((c) => c.id)).toEqual(healthChecks.map((c) => c.id));
    for (const c of report.checks) expect(typeof c.detail).toBe('string');
    for (const id of ['clang', 'libbpf', 'bpftool', 'make', 'cc']) {
      const fix = healthChecks.find((c) => c.id === id)?.fix ?? '';
      expect(fix).toMatch(/Debian\/Ubuntu: sudo apt-get install -y /);
      expect(fix).toMatch(/Fedora: sudo dnf install -y /);
    }
  });

  test('a missing tool is refused with its install commands', () => {
    // A PATH with node and sh only: clang and bpftool are "not installed".
    const bin = mkdtempSync(join(tmpdir(), 'lockstep-path-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      symlinkSync('/bin/sh', join(bin, 'sh'));
      const cli = resolve(import.meta.dirname, '../../bin/lockstep.mjs');
      const env = { ...process.env, PATH: bin };
      const doctor = spawnSync(process.execPath, [cli, 'doctor', '--json'], { encoding: 'utf8', env, timeout: 60_000 });
      expect(doctor.status).toBe(1);
      const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: { id: string; ok: boolean; fix?: string }[] };
      const clang = report.checks.find((c) => c.id === 'clang');
      expect(clang).toMatchObject({
        ok: false,
        fix: expect.stringMatching(/apt-get install -y clang[\s\S]*dnf install -y clang/),
      });
      const run = spawnSync(process.execPath, [cli, 'run', 'tickets', '--json'], {
        encoding: 'utf8',
        env,
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      const error = JSON.parse(run.stdout).error;
      expect(['missing-tool', 'not-permitted', 'not-linux']).toContain(error.code);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }, 90_000);

  test('kernel versions compare numerically', () => {
    expect(kernelVersion('6.18.44-fc')).toEqual([6, 18]);
    expect(versionAtLeast([6, 1], '5.12')).toBe(true);
    expect(versionAtLeast([5, 9], '5.12')).toBe(false);
    expect(versionAtLeast([5, 12], '5.12')).toBe(true);
  });
});

describe('buildLabTarball', () => {
  test('replaces the solution, keeps the other files and their modes', async () => {
    const base = await createTarGzip([
      { name: 'lockstep-runner/lockstep.mjs', data: 'cli', attrs: { mode: '755' } },
      { name: 'lockstep-runner/README.md', data: '# Lockstep runner\n' },
      { name: 'lockstep-runner/labs/tickets/solution.bpf.c', data: 'solution' },
      { name: 'lockstep-runner/labs/tickets/starter.bpf.c', data: 'starter' },
    ]);
    const out = await parseTarGzip(await buildLabTarball('tickets', 'mine', base));
    const text = Object.fromEntries(out.map((f) => [f.name, f.text]));
    expect(text['lockstep-runner/labs/tickets/solution.bpf.c']).toBe('mine');
    expect(text['lockstep-runner/labs/tickets/starter.bpf.c']).toBe('starter');
    expect(text['lockstep-runner/README.md']).toMatch(/^Built from the course for lab tickets.*\n\n# Lockstep runner/);
    expect(out.find((f) => f.name.endsWith('lockstep.mjs'))?.attrs?.mode).toMatch(/755$/);
    await expect(buildLabTarball('cas-max', 'x', base)).rejects.toThrow(/no lab 'cas-max'/);
  });
});
