/** `lockstep sim` and `lockstep conformance` end to end, through the real CLI entry. */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { conformanceDir } from '../../engine/isa/testdata/conformance-dir.ts';
import { parseResults, type RunResult } from '../../engine/results.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [`${ROOT}bin/lockstep.mjs`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

test('sim --json prints the results schema and replays from --schedule', () => {
  const a = cli('sim', 'labs/racy-counter/starter.bpf.c', '--cpus', '2', '--events', '2', '--seed', '4', '--json');
  expect(a.status).toBe(0);
  const r = parseResults(a.stdout) as RunResult;
  expect(r).toMatchObject({ engine: 'interp', mode: 'deterministic', cpus: 2, eventsPerCpu: 2 });
  expect(typeof r.schedule).toBe('string');
  const b = cli(
    'sim',
    'labs/racy-counter/starter.bpf.c',
    '--cpus',
    '2',
    '--events',
    '2',
    '--schedule',
    r.schedule!,
    '--json',
  );
  expect((parseResults(b.stdout) as RunResult).globals).toEqual(r.globals);
  const t = cli('sim', 'labs/racy-counter/starter.bpf.c', '--cpus', '2', '--schedule', '0x9,1x13,0x4', '--trace');
  expect(t.stdout).toMatch(/cpu0 ev0 +16 {2}r2 = \*\(u64 \*\)\(r1 \+ 0\) +starter\.bpf\.c:24 {2}read counter = 0/);
  expect(t.stdout).toMatch(/global counter = 1\n/); // CPU 0 loaded 0 before CPU 1's store: one update lost
  const bad = cli('sim', 'labs/cas-max/solution.bpf.c', '--packet', '00zz');
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/'z' at position 3 is not a hex digit/);
});

test('conformance ends with the summary line', () => {
  const c = cli('conformance', conformanceDir());
  const lines = c.stdout.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
  expect(lines.some((l) => /^SKIP callx: needs callx/.test(l))).toBe(true);
  expect(c.status).toBe(0);
});
