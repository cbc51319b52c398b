/**
 * Where the lab folders are: $LOCKSTEP_LABS, else `labs/` beside the running script (the
 * downloaded runner: lockstep.mjs + labs/), else the repository's labs/. Node-only.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function labsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.LOCKSTEP_LABS,
    join(here, 'labs'), // bundled: lockstep.mjs sits at the root of the runner
    resolve(here, '../../labs'), // repository: src/runner/ → labs/
  ].filter((d): d is string => Boolean(d));
  const found = candidates.find((d) => existsSync(join(d, 'Makefile')) && existsSync(join(d, 'common', 'lab.h')));
  if (!found) throw new Error(`lab folders not found (looked in ${candidates.join(', ')}); set LOCKSTEP_LABS`);
  return found;
}
