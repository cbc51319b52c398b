/** `lockstep verify` end to end, through the real CLI entry. */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild } from '../../testing/oracle/index.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [`${ROOT}bin/lockstep.mjs`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const corpus = (name: string) => `src/engine/verifier/corpus/${name}.bpf.c`;

test('verify --json: a rejected C program gives the message, instruction and source position, exit 1', () => {
  const r = cli('verify', corpus('spin-lock-tracepoint'), '--json');
  expect(r.status).toBe(1);
  const out = JSON.parse(r.stdout);
  expect(out.programs).toHaveLength(1);
  expect(out.programs[0]).toMatchObject({
    name: 'prog',
    section: 'tracepoint/raw_syscalls/sys_enter',
    accepted: false,
    error: 'tracing progs cannot use bpf_spin_lock yet',
  });
  expect(out.programs[0].insn).toBeGreaterThanOrEqual(0);
  expect(out.programs[0].line).toBeGreaterThan(0);
});

test('verify: accepted program exits 0; --log prints the kernel-style log; bad input is a clear error', () => {
  const ok = cli('verify', corpus('spin-lock-xdp'), '--log');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toMatch(/prog \(xdp\): accepted/);
  expect(ok.stdout).toMatch(/^\d+: \(85\) call bpf_spin_lock#93/m);
  expect(ok.stdout).toMatch(/^processed \d+ insns \(limit 1000000\)/m);
  const missing = cli('verify', 'no-such-file.c');
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/cannot read no-such-file\.c/);
  const noProg = cli('verify', corpus('spin-lock-xdp'), '--prog', 'nope', '--json');
  expect(noProg.status).toBe(1);
  expect(JSON.parse(noProg.stdout).error).toMatch(/no program 'nope'/);
});

describeKernel('lockstep verify on a clang object', () => {
  test('a .o goes through the ELF loader', () => {
    const r = cli('verify', clangBuild(`${ROOT}${corpus('hash-no-null-check')}`), '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).programs[0].error).toBe("R0 invalid mem access 'map_value_or_null'");
    // The log shows the source lines from the object's BTF, as the kernel's does.
    const log = cli('verify', clangBuild(`${ROOT}${corpus('hash-no-null-check')}`), '--log');
    expect(log.stdout).toContain('; __u64 *v = bpf_map_lookup_elem(&counts, &key); @ hash-no-null-check.bpf.c:');
    expect(log.stdout).toMatch(/^R0 invalid mem access 'map_value_or_null'$/m);
  });
});
