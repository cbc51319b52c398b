/**
 * Kernel side of the compiler corpus: every corpus/*.bpf.c built by clang (-O2 -mcpu=v3, with
 * libbpf's headers and a bpftool-generated vmlinux.h), loaded and run once with
 * BPF_PROG_TEST_RUN on this machine's kernel, must leave the globals its `// expect:` lines
 * name — the same expectations our compiler + interpreter meet (corpus.test.ts).
 * `// expect-error:` files must be rejected by clang too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, kernelRun, kernelVersion } from '../../testing/oracle/index.ts';
import { loadElf } from '../elf/index.ts';
import { parseCorpus, readGlobal } from './corpus.ts';

const dir = join(dirname(new URL(import.meta.url).pathname), 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort();

describeKernel('compiler corpus on the real kernel (clang + BPF_PROG_TEST_RUN)', () => {
  for (const f of files) {
    test(f, () => {
      const path = join(dir, f);
      const c = parseCorpus(readFileSync(path, 'utf8'));
      if (c.error) {
        expect(() => clangBuild(path)).toThrow(c.error);
        return;
      }
      const objPath = clangBuild(path);
      const obj = loadElf(readFileSync(objPath), f);
      const res = kernelRun(objPath, { prog: 'prog', packet: c.packet });
      const sections: Record<string, Uint8Array> = {};
      for (const [name, entries] of Object.entries(res.maps)) {
        if (entries[0])
          sections[name.replace(/^.*(\.(bss|data|rodata))$/, '$1')] = Buffer.from(entries[0].value, 'hex');
      }
      const got = c.expects.map((e) => `${e.name} = ${readGlobal(obj, sections, e.name)}`);
      expect(got, `kernel ${kernelVersion()}`).toEqual(c.expects.map((e) => `${e.name} = ${e.value}`));
    });
  }
});
