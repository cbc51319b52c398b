/**
 * Our compiler's output on the real kernel: every corpus program compiled by us is loaded
 * with bpf(2) (the kernel's verifier must accept it), run once with BPF_PROG_TEST_RUN, and its
 * globals must equal the `// expect:` lines — the same values clang's build gives on the
 * kernel (corpus-kernel.test.ts) and our interpreter gives (corpus.test.ts). Programs whose
 * maps hold a bpf_spin_lock need BTF, which the raw loader does not make; the lab programs'
 * loads cover those through the verifier and runner suites.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { parseCorpus, readGlobal } from './corpus.ts';
import { compile } from './index.ts';
import { rawKernelRun, usesSpinLock } from './testing/raw-kernel.ts';

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
  .filter(({ c, r }) => !c.error && r.object && !usesSpinLock(r.object));

describeKernel('our compiled corpus on the real kernel (bpf(2) load + BPF_PROG_TEST_RUN)', () => {
  test('covers most of the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const { f, c, r } of cases) {
    test(f, () => {
      const obj = r.object!;
      const run = rawKernelRun(obj, 0, c.packet);
      expect(run.loaded, run.log).toBe(true);
      const got = c.expects.map((e) => `${e.name} = ${readGlobal(obj, run.sections, e.name)}`);
      expect(got).toEqual(c.expects.map((e) => `${e.name} = ${e.value}`));
    });
  }
});
