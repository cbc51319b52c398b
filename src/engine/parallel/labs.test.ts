/**
 * The labs' real programs (clang-built, loaded by the engine's ELF loader) through the parallel
 * machine and through sequential JIT runs, against the interpreter. Needs clang: a kernel suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild } from '../../testing/oracle/index.ts';
import { loadElf } from '../elf/index.ts';
import { run } from '../machine/index.ts';
import type { ProgramObject } from '../object.ts';
import { runJitSequential, runParallel } from './index.ts';

const LABS = join(import.meta.dirname, '../../../labs');

function build(lab: string, file: 'starter' | 'solution'): ProgramObject {
  const o = clangBuild(join(LABS, lab, `${file}.bpf.c`));
  return loadElf(new Uint8Array(readFileSync(o)), `${lab}/${file}.bpf.o`);
}

describeKernel('labs on the parallel JIT (clang-built programs)', () => {
  test('racy-counter starter on 2 CPUs x 1M events: loses updates; the result says how many', async () => {
    const obj = build('racy-counter', 'starter');
    let counter = 0n;
    const until = performance.now() + 60_000;
    for (let attempt = 0; attempt < 30 && performance.now() < until; attempt++) {
      const r = await runParallel(obj, 0, { mode: 'parallel', engine: 'jit', cpus: 2, events: 1_000_000 });
      expect(r.error).toBeUndefined();
      counter = r.globals.counter as bigint;
      if (counter < 2_000_000n) break;
    }
    console.log(`racy-counter (clang-built) on the parallel JIT: ${counter} of 2000000`);
    expect(counter).toBeGreaterThan(0n);
    expect(counter).toBeLessThan(2_000_000n);
  }, 120_000);

  test('atomic-counter solution on 2 CPUs x 1M events is exact, through run()', async () => {
    const obj = build('atomic-counter', 'solution');
    const r = await run(obj, 0, { mode: 'parallel', engine: 'jit', cpus: 2, events: 1_000_000 });
    expect(r.error).toBeUndefined();
    expect(r.engine).toBe('jit');
    expect(r.globals.counter).toBe(2_000_000n);
    expect(r.log.filter((l) => /^cpu \d: 1000000 events in/.test(l))).toHaveLength(2);
  });

  test.each([
    ['racy-counter', 'starter'],
    ['racy-counter', 'solution'],
    ['atomic-counter', 'solution'],
    ['tickets', 'solution'],
    ['cas-max', 'solution'],
    ['cas-max', 'starter'],
    ['first-wins', 'solution'],
    ['cpu-bits', 'solution'],
  ] as const)('%s %s: sequential JIT == interpreter', async (lab, file) => {
    const obj = build(lab, file);
    const events = 300;
    const jit = await runJitSequential(obj, 0, { cpus: 2, events });
    const interp = await run(obj, 0, { cpus: 2, events, schedule: `0x${events * 10_000},1x${events * 10_000}` });
    expect(jit.error).toBeUndefined();
    expect(interp.error).toBeUndefined();
    expect({ globals: jit.globals, maps: jit.maps }).toEqual({ globals: interp.globals, maps: interp.maps });
  });
});
