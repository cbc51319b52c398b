import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../testing/kernel.ts';
import { formatTable, runBench, writeReport } from './index.ts';
import { measureKernel } from './kernel.ts';

const LABS = join(import.meta.dirname, '../../labs');

test('bench: one lab program on the interpreter and the JIT, table and JSON report', async () => {
  const report = await runBench({
    labs: ['atomic-counter'],
    sources: ['solution'],
    kernel: false,
    interpEvents: 300,
    jitEvents: 50_000,
    repeats: 1,
  });
  expect(report.rows).toHaveLength(1);
  const row = report.rows[0];
  expect(row).toMatchObject({ lab: 'atomic-counter', program: 'count_syscalls', source: 'solution', kernel: null });
  expect(row.interp).toBeGreaterThan(0);
  expect(row.jit).toBeGreaterThan(0);
  expect(row.compileMs).toBeGreaterThan(0);
  expect(row.jitOverInterp).toBeCloseTo(row.jit! / row.interp!);
  expect(row.notes).toContain('kernel not measured (--no-kernel)');
  expect(report.interpInsnsPerSec).toBeGreaterThan(0);
  const table = formatTable(report);
  expect(table).toMatch(/atomic-counter\s+count_syscalls \(solution\)/);
  expect(table).toMatch(/jit÷interp/);
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
  try {
    const file = writeReport(report, dir);
    const back = JSON.parse(readFileSync(file, 'utf8'));
    expect(back.rows[0].lab).toBe('atomic-counter');
    expect(Object.keys(back.rows[0])).toEqual(
      expect.arrayContaining(['lab', 'program', 'interp', 'jit', 'kernel', 'compileMs', 'verifyMs']),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describeKernel('bench: the kernel column', () => {
  test('kernel-bench runs a lab program on 2 pinned threads through BPF_PROG_TEST_RUN', () => {
    const k = measureKernel(join(LABS, 'atomic-counter/solution.bpf.c'), 'count_syscalls', 'tracepoint', 2, 100_000);
    expect(k.rate).toBeGreaterThan(0);
    expect(k.wallRate).toBeGreaterThan(0);
    expect(k.note).toMatch(/tracepoint program measured as XDP/);
    const x = measureKernel(join(LABS, 'tickets/solution.bpf.c'), 'take_ticket', 'xdp', 2, 10_000);
    expect(x.note).toBeNull();
    expect(() => measureKernel(join(LABS, 'tickets/solution.bpf.c'), 'no_such_prog', 'xdp', 2, 10)).toThrow(
      /no program no_such_prog/,
    );
  });
});
