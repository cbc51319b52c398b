/**
 * Engine side of the compiler corpus: every corpus/*.bpf.c compiled by our compiler and run
 * by our verifier and run once by our interpreter (one CPU, one XDP event on the file's packet) must leave the globals
 * its `// expect:` lines name; `// expect-error:` files must fail to compile with that message.
 * The kernel side (corpus-kernel.test.ts) checks the same expectations with clang + the kernel.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../machine/index.ts';
import { verify } from '../verifier/index.ts';
import { parseCorpus } from './corpus.ts';
import { compile } from './index.ts';

const dir = join(dirname(new URL(import.meta.url).pathname), 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort();
const readFile = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

describe('compiler corpus on the engine', () => {
  test('has at least 60 programs', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  for (const f of files) {
    test(f, async () => {
      const path = join(dir, f);
      const source = readFileSync(path, 'utf8');
      const c = parseCorpus(source);
      const r = compile({ path, source, readFile });
      if (c.error) {
        expect(r.object).toBeNull();
        expect(r.diagnostics.map((d) => d.message)).toContain(c.error);
        return;
      }
      expect(r.diagnostics).toEqual([]);
      expect(c.expects.length).toBeGreaterThan(0);
      // the page's flow: compile, verify (our verifier must agree with the kernel's, which
      // accepts this code: corpus-ours-kernel.test.ts), then run
      const v = verify(r.object!, 0);
      expect(v.error?.message ?? '').toBe('');
      const res = await run(r.object!, 'prog', { cpus: 1, events: 1, mode: 'deterministic', packet: c.packet });
      expect(res.error).toBeUndefined();
      const got = c.expects.map((e) => `${e.name} = ${res.globals[e.name]}`);
      expect(got).toEqual(c.expects.map((e) => `${e.name} = ${e.value}`));
    });
  }
});
