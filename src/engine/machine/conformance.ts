/**
 * The bpf_conformance runner: each `.data` file is parsed and assembled by the ISA module,
 * run on the interpreter (or the JIT's bare runner) with r1 = address of the `-- mem` buffer
 * and r2 = its length, and r0 (or the error) compared with the expectation. A test that needs
 * a feature outside the engine's scope is skipped, naming the feature.
 *
 * Helpers: the suite's only helper call (`call 5` in call_unwind_fail) is ubpf's "unwind"
 * helper, which returns its argument and ends the program when that is 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Insn } from '../isa/index.ts';
import { parseConformanceData } from '../isa/index.ts';
import { getReg, setReg } from '../vm/cpu.ts';
import { HELPER_DONE } from '../vm/interpreter.ts';
import { runBare } from '../vm/testing.ts';
import { type BareOutcome, jitBareEngine } from './engines.ts';

export interface ConformanceOutcome {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

const UNWIND_HELPER = 5;

function missingFeature(insns: readonly Insn[]): string | null {
  for (const i of insns) if (i.code === 0x8d) return 'callx (call through a register)';
  return null;
}

function interpBare(insns: Insn[], mem: Uint8Array): BareOutcome {
  let unwound = false;
  const res = runBare(insns, mem, {
    budget: 1_000_000,
    helper: (id, cpu) => {
      if (id !== UNWIND_HELPER) return `unknown helper ${id}`;
      const v = getReg(cpu, 1);
      setReg(cpu, 0, v);
      if (v === 0n) unwound = true;
      return HELPER_DONE;
    },
  });
  if (unwound) return { r0: 0n };
  const f = res.cpu.fault;
  return f ? { r0: res.r0, fault: { code: f.code, message: f.message, pc: f.pc } } : { r0: res.r0 };
}

export async function runConformanceText(
  text: string,
  name: string,
  engine: 'interp' | 'jit' = 'interp',
): Promise<ConformanceOutcome> {
  const t = parseConformanceData(text, name);
  const errors = t.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const d = errors[0];
    return { name, status: 'fail', detail: `${d.file}:${d.line}:${d.col}: ${d.message}` };
  }
  const missing = missingFeature(t.insns);
  if (missing) return { name, status: 'skip', detail: `needs ${missing}` };
  let out: BareOutcome;
  if (engine === 'jit') {
    const jit = await jitBareEngine();
    if (!jit) return { name, status: 'skip', detail: 'needs the JIT engine (src/engine/jit), not available' };
    out = await jit(t.insns, t.mem);
  } else out = interpBare(t.insns, t.mem);
  if (t.error !== null) {
    if (out.fault) return { name, status: 'pass', detail: `error: ${out.fault.message}` };
    return { name, status: 'fail', detail: `expected error "${t.error}", got r0 = 0x${out.r0.toString(16)}` };
  }
  if (out.fault)
    return { name, status: 'fail', detail: `${out.fault.code} at pc ${out.fault.pc}: ${out.fault.message}` };
  if (t.result !== null && out.r0 !== t.result) {
    return { name, status: 'fail', detail: `r0 = 0x${out.r0.toString(16)}, expected 0x${t.result.toString(16)}` };
  }
  return { name, status: 'pass', detail: `r0 = 0x${out.r0.toString(16)}` };
}

export interface ConformanceSummary {
  results: ConformanceOutcome[];
  passed: number;
  failed: number;
  skipped: number;
}

/** Runs every `.data` file of `dir` (sorted by name). */
export async function runConformanceDir(dir: string, engine: 'interp' | 'jit' = 'interp'): Promise<ConformanceSummary> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.data'))
    .sort();
  const results: ConformanceOutcome[] = [];
  for (const f of files) {
    const path = join(dir, f);
    results.push(await runConformanceText(readFileSync(path, 'utf8'), basename(f, '.data'), engine));
  }
  const count = (s: ConformanceOutcome['status']) => results.filter((r) => r.status === s).length;
  return { results, passed: count('pass'), failed: count('fail'), skipped: count('skip') };
}
