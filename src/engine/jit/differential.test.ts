/**
 * Differential test: the JIT and the interpreter (src/engine/vm) agree — same r0, same fault
 * class, same memory afterwards — on every bpf_conformance program. (The compiler corpus joins
 * this once the compiler lands.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConformanceData } from '../isa/conformance-data.ts';
import { conformanceDir } from '../isa/testdata/conformance-dir.ts';
import { getReg, setReg } from '../vm/cpu.ts';
import { HELPER_DONE } from '../vm/interpreter.ts';
import { runBare } from '../vm/testing.ts';
import { runBareJit } from './conformance.ts';

// ../shared beside the checkout, or the machine-wide copy for a clone made elsewhere (CI).
const DIR = conformanceDir();

function interp(insns: Parameters<typeof runBare>[0], mem: Uint8Array) {
  let unwound = false;
  const res = runBare(insns, mem, {
    budget: 10_000_000,
    helper: (id, cpu) => {
      if (id !== 5) return `unknown helper ${id}`;
      const v = getReg(cpu, 1);
      setReg(cpu, 0, v);
      if (v === 0n) unwound = true;
      return HELPER_DONE;
    },
  });
  return { r0: unwound ? 0n : res.r0, data: res.data, fault: unwound ? undefined : res.cpu.fault?.code };
}

describe('JIT == interpreter on the conformance suite', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.data') && f !== 'callx.data')
    .sort();
  test.each(files)('%s', (file) => {
    const t = parseConformanceData(readFileSync(join(DIR, file), 'utf8'), file);
    const a = interp(t.insns, t.mem);
    const b = runBareJit(t.insns, t.mem);
    expect({ r0: b.r0, fault: b.fault?.code, data: [...b.data] }).toEqual({
      r0: a.fault ? 0n : a.r0,
      fault: a.fault,
      data: [...a.data],
    });
  });
});
