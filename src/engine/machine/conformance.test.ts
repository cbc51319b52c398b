/** The whole bpf_conformance suite on the interpreter: every test passes or names what it needs. */
import { expect, test } from 'vitest';
import { conformanceDir } from '../isa/testdata/conformance-dir.ts';
import { runConformanceDir, runConformanceText } from './conformance.ts';

// ../shared beside the checkout, or the machine-wide copy for a clone made elsewhere (CI).
const DIR = conformanceDir();

test('all of ../shared/conformance/tests pass on the interpreter', async () => {
  const s = await runConformanceDir(DIR);
  const bad = s.results.filter((r) => r.status === 'fail');
  expect(bad).toEqual([]);
  expect(s.passed).toBeGreaterThanOrEqual(249);
  for (const r of s.results.filter((x) => x.status === 'skip')) expect(r.detail).toMatch(/needs callx/);
});

test('a wrong expectation fails, with the values', async () => {
  const r = await runConformanceText('-- asm\nmov %r0, 3\nexit\n-- result\n0x4\n', 'wrong');
  expect(r).toMatchObject({ status: 'fail', detail: 'r0 = 0x3, expected 0x4' });
});

test('an expected error passes only when the program faults', async () => {
  const ok = await runConformanceText('-- asm\nldxw %r0, [%r1+64]\nexit\n-- error\nout of bounds\n', 'oob');
  expect(ok.status).toBe('pass');
  const no = await runConformanceText('-- asm\nmov %r0, 1\nexit\n-- error\nout of bounds\n', 'noerr');
  expect(no.status).toBe('fail');
});
