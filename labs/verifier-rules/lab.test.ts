/**
 * verifier-rules: the series in variants/expected.json holds on this kernel (kernelLoad: each
 * `bad` program refused with exactly its message, each `fixed` program accepted) and on our
 * verifier (clang-built and our compiler's output alike); the counter itself passes its
 * checks on the engine and through `lockstep check`, and the starter's kernel run stops with
 * the verifier's message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/engine/compiler/index.ts';
import { loadElf } from '../../src/engine/elf/index.ts';
import { run } from '../../src/engine/machine/index.ts';
import type { ProgramObject } from '../../src/engine/object.ts';
import { verify } from '../../src/engine/verifier/index.ts';
import { gradeLab } from '../../src/labs/browser.ts';
import { labKit, lockstepCheck } from '../../src/labs/testing.ts';
import { describeKernel } from '../../src/testing/kernel.ts';
import { clangBuild, kernelLoad } from '../../src/testing/oracle/index.ts';
import expected from './variants/expected.json' with { type: 'json' };

const LAB = 'verifier-rules';
const dir = import.meta.dirname;
const variants = join(dir, 'variants');
const kit = labKit({ lab: LAB, dir, prog: 'count_calls' });

interface Rule {
  id: string;
  file: string;
  bad: string;
  fixedFile?: string;
  fixed: string;
  message: string;
}
const rules = expected.rules as Rule[];
const readFile = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

function ours(path: string): ProgramObject {
  const { object, diagnostics } = compile({ path, source: readFileSync(path, 'utf8'), readFile });
  expect(diagnostics, path).toEqual([]);
  return object!;
}

const verdict = (obj: ProgramObject, prog: string) => {
  const v = verify(obj, prog, { logLevel: 1 });
  return { accepted: v.accepted, message: v.error?.message ?? '' };
};

describe('verifier-rules on our compiler and verifier', () => {
  test.each(rules.map((r) => [r.id, r]))('%s: bad refused with the message, fixed accepted', (_id, r) => {
    const bad = ours(join(variants, r.file));
    expect(verdict(bad, r.bad)).toEqual({ accepted: false, message: r.message });
    const fixed = r.fixedFile ? ours(join(variants, r.fixedFile)) : bad;
    expect(verdict(fixed, r.fixed)).toEqual({ accepted: true, message: '' });
  });

  test('the solution counts exactly on the engine (2 CPUs x 20 events)', async () => {
    const r = await run(ours(join(dir, 'solution.bpf.c')), 'count_calls', { cpus: 2, events: 20, seed: 1, lab: LAB });
    expect(r.error).toBeUndefined();
    expect(gradeLab(LAB, r).map((c) => c.pass)).toEqual([true, true]);
  });
});

describeKernel('verifier-rules on the real kernel', () => {
  test.each(rules.map((r) => [r.id, r]))('%s: the kernel refuses bad with the message, accepts fixed', (_id, r) => {
    for (const [file, prog, accepted] of [
      [r.file, r.bad, false],
      [r.fixedFile ?? r.file, r.fixed, true],
    ] as const) {
      const path = join(variants, file);
      const obj = clangBuild(path);
      const k = kernelLoad(obj).find((p) => p.name === prog);
      expect(k, `${file}: no program ${prog}`).toBeDefined();
      expect({ accepted: k!.accepted, message: k!.error }).toEqual({ accepted, message: accepted ? '' : r.message });
      // Our verifier on the clang-built object agrees.
      expect(verdict(loadElf(readFileSync(obj), path), prog)).toEqual({ accepted, message: k!.error });
    }
  });

  test('lockstep check: the solution passes; the starter stops with the verifier message', () => {
    const { result, status } = kit.check();
    expect(result.checks.map((c) => [c.id, c.pass])).toEqual([
      ['exact-count', true],
      ['pair-in-step', true],
    ]);
    expect(status).toBe(0);
    const bad = lockstepCheck(LAB, ['--starter']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(
      /BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region/,
    );
  }, 300_000);
});
