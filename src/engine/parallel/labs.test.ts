/**
 * The labs' real programs through the parallel machine (clang-built, loaded by the engine's ELF
 * loader: a kernel suite, it needs clang) and, compiled by our compiler, through sequential JIT
 * runs against the interpreter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { allLabs } from '../../labs/registry.ts';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild } from '../../testing/oracle/index.ts';
import { compile } from '../compiler/index.ts';
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
});

// Every lab program (our compiler's output), both files: the sequential JIT and the
// interpreter (one CPU after the other) must leave the same globals and maps.
describe('labs: sequential JIT == interpreter', () => {
  const cases = allLabs().flatMap((d) => (['starter', 'solution'] as const).map((f) => [d.meta.id, f] as const));
  test.each(cases)('%s %s', async (lab, file) => {
    const path = join(LABS, lab, `${file}.bpf.c`);
    const out = compile({ path, source: readFileSync(path, 'utf8') });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const obj = out.object!;
    const events = 300;
    const jit = await runJitSequential(obj, 0, { cpus: 2, events });
    const interp = await run(obj, 0, { cpus: 2, events, schedule: `0x${events * 10_000},1x${events * 10_000}` });
    expect(jit.error).toBeUndefined();
    expect(interp.error).toBeUndefined();
    expect({ globals: jit.globals, maps: jit.maps }).toEqual({ globals: interp.globals, maps: interp.maps });
  });
});
