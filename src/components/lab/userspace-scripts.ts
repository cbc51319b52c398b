/**
 * The labs' userspace scripts (labs/<id>/userspace*.ts, named by lab.json's `userspace`), bundled
 * into the lab worker by Vite's `import.meta.glob` so the page needs no file access: the same
 * functions `lockstep sim --userspace` imports in Node. The machine takes the function itself
 * in every mode (deterministic run, stepper, and the parallel machine, which runs it on the
 * worker that hosts its CPU workers). Not here: running or scheduling them.
 */
import type { UserspaceScript } from '../../engine/machine/index.ts';
import { findLab } from '../../labs/browser.ts';

// Eager: the scripts are a few dozen lines each, and a run needs its script synchronously.
// The pattern names userspace files only: checks.ts is bundled elsewhere, tests must not be.
const modules = import.meta.glob<{ default?: unknown }>('../../../labs/*/userspace*.ts', { eager: true });

/**
 * The userspace script of lab `labId`, or undefined when it has none. A variant cell
 * (`lab~variant`) runs the learner's own code with other maps, so it gets no script.
 * A lab.json naming a script that was not bundled is an error, not a silent run without it.
 */
export function userspaceScript(labId: string): UserspaceScript | undefined {
  if (labId.includes('~')) return undefined;
  const file = findLab(labId).meta.userspace;
  if (!file) return undefined;
  const key = `../../../labs/${labId}/${file}`;
  const mod = modules[key];
  if (!mod) throw new Error(`labs/${labId}/${file}: userspace script not found in this build`);
  if (typeof mod.default !== 'function')
    throw new Error(`labs/${labId}/${file}: no default export (the userspace script)`);
  return mod.default as UserspaceScript;
}
