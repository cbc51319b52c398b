/**
 * Our compiler's output on the real kernel: every corpus program compiled by us is loaded
 * with bpf(2) (the kernel's verifier must accept it), run once with BPF_PROG_TEST_RUN, and its
 * globals must equal the `// expect:` lines — the same values clang's build gives on the
 * kernel (corpus-kernel.test.ts) and our interpreter gives (corpus.test.ts). Every lab
 * solution compiled by us must load too (tp_btf programs excepted: they need the kernel's
 * BTF id of their attach point, which only libbpf resolves).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { parseCorpus, readGlobal } from './corpus.ts';
import { compile } from './index.ts';
import { rawKernelRun } from './testing/raw-kernel.ts';

const dir = join(dirname(new URL(import.meta.url).pathname), 'corpus');
const readFile = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort()
  .map((f) => {
    const path = join(dir, f);
    const source = readFileSync(path, 'utf8');
    return { f, c: parseCorpus(source), r: compile({ path, source, readFile }) };
  })
  .filter(({ c }) => !c.error);
const root = join(dir, '../../../..');
const labs = readdirSync(join(root, 'labs'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && readFile(join(root, 'labs', d.name, 'solution.bpf.c')) !== undefined)
  .map((d) => {
    const path = join(root, 'labs', d.name, 'solution.bpf.c');
    return { name: d.name, r: compile({ path, source: readFileSync(path, 'utf8'), readFile }) };
  });

describeKernel('our compiled corpus on the real kernel (bpf(2) load + BPF_PROG_TEST_RUN)', () => {
  test('covers most of the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const { name, r } of labs) {
    test(`lab ${name}: solution loads`, () => {
      expect(r.diagnostics).toEqual([]);
      const obj = r.object!;
      obj.programs.forEach((p, k) => {
        if (p.type === 'tracing' || p.type === 'lsm') return;
        const run = rawKernelRun(obj, k);
        expect(run.loaded, `${p.name}: ${run.log}`).toBe(true);
      });
    });
  }
  for (const { f, c, r } of cases) {
    test(f, () => {
      expect(r.diagnostics).toEqual([]);
      const obj = r.object!;
      const run = rawKernelRun(obj, 0, c.packet);
      expect(run.loaded, run.log).toBe(true);
      const got = c.expects.map((e) => `${e.name} = ${readGlobal(obj, run.sections, e.name)}`);
      expect(got).toEqual(c.expects.map((e) => `${e.name} = ${e.value}`));
    });
  }
});
