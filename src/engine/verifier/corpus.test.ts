import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, kernelLoad, kernelLoadProgram, kernelVersion } from '../../testing/oracle/index.ts';
import { compile } from '../compiler/index.ts';
import { loadElf } from '../elf/index.ts';
import { loadCorpus, parseAnnotations } from './corpus.ts';
import { verify } from './index.ts';

const cases = loadCorpus();

test('the corpus has at least 50 cases, each rule accepted and rejected', () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  expect(cases.filter((c) => c.verdict === 'accept').length).toBeGreaterThanOrEqual(20);
  expect(cases.filter((c) => c.verdict === 'reject').length).toBeGreaterThanOrEqual(20);
  expect(() => parseAnnotations('x', 'x.bpf.c', '// verdict: reject\n')).toThrow(/needs/);
});

describeKernel('verifier corpus agrees with the kernel', () => {
  const version = kernelVersion();
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const progs = kernelLoad(clangBuild(c.path));
    const p = c.prog ? progs.find((x) => x.name === c.prog) : progs[0];
    expect(p, `program in ${c.path}`).toBeDefined();
    const got = { verdict: p!.accepted ? 'accept' : 'reject', error: p!.error };
    expect(got, `kernel ${version}: ${c.path}`).toEqual({ verdict: c.verdict, error: c.error });
  });
});

describeKernel('our verifier agrees with the corpus (clang objects through the ELF loader)', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const obj = loadElf(readFileSync(clangBuild(c.path)), c.path);
    const r = verify(obj, c.prog ?? 0, { logLevel: 1, source: c.source });
    const got = { verdict: r.accepted ? 'accept' : 'reject', error: r.error?.message ?? '' };
    expect(got, `${c.path}\n${r.log}`).toEqual({ verdict: c.verdict, error: c.error });
    if (!r.accepted) {
      // The log ends with the message and the kernel's trailer, like the kernel's.
      expect(r.log).toContain(`${c.error}\nprocessed `);
      expect(r.error!.insn).toBeGreaterThanOrEqual(0);
    }
  });
});

const readFile = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

describeKernel('our compiler + our verifier agree with the kernel on our instructions', () => {
  // The kernel judges exactly the instructions our compiler emitted (maps from the clang build of
  // the same file), so register numbers and layout choices cannot make the comparison unfair.
  // Cases written in inline assembly do not compile with our compiler (it has no assembler).
  const compiled = cases
    .map((c) => ({ c, out: compile({ path: c.path, source: c.source, readFile }) }))
    .filter((x) => x.out.object !== null);
  test('most of the corpus compiles with our compiler', () => {
    expect(compiled.length).toBeGreaterThanOrEqual(60);
  });
  test.each(compiled.map((x) => [x.c.name, x] as const))('%s', (_name, { c, out }) => {
    const obj = out.object!;
    const name = c.prog ?? obj.programs[0].name;
    const kernel = kernelLoadProgram(obj, name, { mapsFrom: clangBuild(c.path) });
    const ours = verify(obj, name, { logLevel: 1, source: c.source });
    expect(
      { accepted: ours.accepted, error: ours.error?.message ?? '' },
      `${c.path} (our compiler)\nkernel log:\n${kernel.log}\nour log:\n${ours.log}`,
    ).toEqual({ accepted: kernel.accepted, error: kernel.error });
  });
});
