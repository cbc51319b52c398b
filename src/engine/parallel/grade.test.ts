/**
 * Every lab's solution on the parallel JIT (2 worker CPUs at the lab's defaults, its userspace
 * script running at the same time) passes the lab's own checks — the checks that also grade
 * the interpreter and the real kernel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { gradeRun } from '../../labs/grade.ts';
import { allLabs } from '../../labs/registry.ts';
import { compile } from '../compiler/index.ts';
import type { UserspaceScript } from '../machine/index.ts';
import { runParallel } from './index.ts';

const LABS = join(import.meta.dirname, '../../../labs');

test.each(allLabs().map((d) => [d.meta.id, d] as const))(
  '%s solution passes its checks on the parallel JIT',
  async (id, def) => {
    const path = join(LABS, id, 'solution.bpf.c');
    const out = compile({ path, source: readFileSync(path, 'utf8') });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    let userspace: UserspaceScript | undefined;
    if (def.meta.userspace) {
      const m = (await import(join(LABS, id, def.meta.userspace))) as { default: UserspaceScript };
      userspace = m.default;
    }
    const r = await runParallel(out.object!, def.meta.program.name, {
      mode: 'parallel',
      engine: 'jit',
      cpus: def.meta.defaults.cpus,
      events: def.meta.defaults.events,
      userspace,
      lab: id,
    });
    expect(r.error).toBeUndefined();
    const checks = gradeRun(def, r);
    expect(checks.filter((c) => !c.pass)).toEqual([]);
  },
  60_000,
);
