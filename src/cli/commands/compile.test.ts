/** `lockstep compile` end to end, through the real CLI entry. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [`${ROOT}bin/lockstep.mjs`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

test('compile --json: programs with hex, text and source lines; maps; globals', () => {
  const r = cli('compile', 'labs/racy-counter/starter.bpf.c', '--json');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.ok).toBe(true);
  const p = j.programs[0];
  expect(p).toMatchObject({ name: 'count_syscalls', section: 'tracepoint/raw_syscalls/sys_enter', type: 'tracepoint' });
  const inc = p.insns.findIndex((i: { text: string }) => i.text === 'r2 += 1');
  expect(p.insns[inc - 1]).toMatchObject({ text: 'r2 = *(u64 *)(r1 + 0)', hex: '7912000000000000' });
  expect(p.insns[inc + 1]).toMatchObject({ text: '*(u64 *)(r1 + 0) = r2', line: p.insns[inc].line });
  expect(j.globals).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'counter', section: '.bss', size: 8 })]),
  );
  expect(j.maps.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['.bss']));
});

test('compile --disasm interleaves source lines; errors exit 1 like clang', () => {
  const d = cli('compile', 'labs/racy-counter/starter.bpf.c', '--disasm');
  expect(d.status).toBe(0);
  expect(d.stdout).toMatch(/; counter\+\+;\n.*\n\s+\d+:\tr2 = \*\(u64 \*\)\(r1 \+ 0\)\n\s+\d+:\tr2 \+= 1\n/);
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-compile-'));
  const bad = join(dir, 'bad.bpf.c');
  writeFileSync(bad, 'int f(void)\n{\n  return nope;\n}\n');
  const e = cli('compile', bad);
  rmSync(dir, { recursive: true, force: true });
  expect(e.status).toBe(1);
  expect(e.stderr).toBe(`${bad}:3:10: error: use of undeclared identifier 'nope'\n  return nope;\n         ^\n`);
});
