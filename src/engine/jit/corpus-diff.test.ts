/**
 * Differential test on the compiler corpus: every corpus program (our compiler's output) run
 * on the JIT (one invocation at a time, runJitSequential) and on the interpreter gives the same
 * globals and maps, and the JIT meets each program's `// expect:` lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCorpus } from '../compiler/corpus.ts';
import { compile } from '../compiler/index.ts';
import { run } from '../machine/index.ts';
import { runJitSequential } from '../parallel/index.ts';

const DIR = join(import.meta.dirname, '../compiler/corpus');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort();

describe('JIT == interpreter on the compiler corpus', () => {
  test('the corpus is present', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  for (const file of files) {
    const source = readFileSync(join(DIR, file), 'utf8');
    const c = parseCorpus(source);
    if (c.error) continue; // programs that must not compile
    test(file, async () => {
      const readFile = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
      const out = compile({ path: join(DIR, file), source, readFile });
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const obj = out.object!;
      const opts = { cpus: 1, events: 1, packet: c.packet };
      const jit = await runJitSequential(obj, 0, opts);
      const interp = await run(obj, 0, opts);
      expect(jit.error).toEqual(interp.error);
      expect({ globals: jit.globals, maps: jit.maps }).toEqual({ globals: interp.globals, maps: interp.maps });
      for (const e of c.expects) {
        const v = jit.globals[e.name];
        expect(typeof v === 'bigint' ? v : BigInt(v as number), e.name).toBe(e.value);
      }
    });
  }
});
