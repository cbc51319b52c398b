/**
 * The labs API for the notebook page and its workers (the UI loads this module): the lab list
 * and `gradeLab`, which grades a browser run with the same checks as `lockstep check`.
 */
import type { CheckResult, RunResult } from '../engine/results.ts';
import { gradeRun } from './grade.ts';
import { allLabs, findLab } from './registry.ts';

export { gradeRun, type LabDef } from './grade.ts';
export { allLabs, findLab } from './registry.ts';
export type { Lab, LabCheck } from './schema.ts';

/** Grades a run of lab `labId`; the checks in lab.json order. */
export function gradeLab(labId: string, result: RunResult): CheckResult[] {
  return gradeRun(findLab(labId), result);
}

/** Id, title and chapter of every lab, in course order. */
export const labList = () => allLabs().map((d) => ({ id: d.meta.id, title: d.meta.title, chapter: d.meta.chapter }));
