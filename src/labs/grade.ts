/**
 * The check runner: one definition grades a browser run and a kernel run. `gradeRun` runs
 * each check of the lab (in lab.json order) over a RunResult; a check that throws, or has no
 * code, fails with the reason as its detail instead of breaking the run. Browser-safe.
 */
import type { CheckResult, RunResult } from '../engine/results.ts';
import type { LabChecks } from './check-kit.ts';
import type { Lab } from './schema.ts';

/** A lab: its validated lab.json and its checks.ts. */
export interface LabDef {
  meta: Lab;
  code: LabChecks;
}

export function gradeRun(def: LabDef, result: RunResult): CheckResult[] {
  const lab = def.meta;
  return lab.checks.map((check) => {
    const fn = def.code[check.id];
    if (!fn)
      return { id: check.id, pass: false, detail: `no code for check '${check.id}' in labs/${lab.id}/checks.ts` };
    if (result.error) return { id: check.id, pass: false, detail: `the run stopped early: ${result.error.message}` };
    try {
      const v = fn(result);
      return { id: check.id, pass: v.pass, detail: v.detail };
    } catch (e) {
      return { id: check.id, pass: false, detail: e instanceof Error ? e.message : String(e) };
    }
  });
}

/** The ids of failing checks. */
export const failing = (checks: CheckResult[]): string[] => checks.filter((c) => !c.pass).map((c) => c.id);
