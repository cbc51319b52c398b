import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConformanceData } from '../isa/conformance-data.ts';
import { conformanceDir } from '../isa/testdata/conformance-dir.ts';
import { runBareJit } from './conformance.ts';

// ../shared beside the checkout, or the machine-wide copy for a clone made elsewhere (CI).
const DIR = conformanceDir();
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.data'))
  .sort();

/** Tests outside the engine's scope, with the reason (skipped, never passed). */
const OUT_OF_SCOPE: Record<string, string> = {
  'callx.data': 'callx (call by register) is not part of the course engine',
};

describe('bpf_conformance suite on the JIT', () => {
  test('the suite is present', () => {
    expect(files.length).toBeGreaterThan(200);
  });
  for (const file of files) {
    if (OUT_OF_SCOPE[file]) continue;
    test(file, () => {
      const t = parseConformanceData(readFileSync(join(DIR, file), 'utf8'), file);
      expect(t.diagnostics).toEqual([]);
      const out = runBareJit(t.insns, t.mem);
      if (t.error !== null) {
        expect(out.fault).toBeDefined();
        return;
      }
      if (out.fault) throw new Error(out.fault.message);
      expect(out.r0.toString(16)).toBe(t.result!.toString(16));
    });
  }
});
