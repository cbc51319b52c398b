/**
 * Every lab, for the CLI and the notebook alike: each lab's lab.json (validated here) and its
 * checks.ts, imported statically so bundlers (Vite in the page, esbuild for the runner
 * tarball) include them. Add a lab: a folder under labs/ and two lines here. Browser-safe.
 */
import atomicCounterChecks from '../../labs/atomic-counter/checks.ts';
import atomicCounter from '../../labs/atomic-counter/lab.json' with { type: 'json' };
import casMaxChecks from '../../labs/cas-max/checks.ts';
import casMax from '../../labs/cas-max/lab.json' with { type: 'json' };
import copyUpdateChecks from '../../labs/copy-update/checks.ts';
import copyUpdate from '../../labs/copy-update/lab.json' with { type: 'json' };
import cpuBitsChecks from '../../labs/cpu-bits/checks.ts';
import cpuBits from '../../labs/cpu-bits/lab.json' with { type: 'json' };
import firstWinsChecks from '../../labs/first-wins/checks.ts';
import firstWins from '../../labs/first-wins/lab.json' with { type: 'json' };
import percpuCounterChecks from '../../labs/percpu-counter/checks.ts';
import percpuCounter from '../../labs/percpu-counter/lab.json' with { type: 'json' };
import racyCounterChecks from '../../labs/racy-counter/checks.ts';
import racyCounter from '../../labs/racy-counter/lab.json' with { type: 'json' };
import snapshotSwapChecks from '../../labs/snapshot-swap/checks.ts';
import snapshotSwap from '../../labs/snapshot-swap/lab.json' with { type: 'json' };
import ticketsChecks from '../../labs/tickets/checks.ts';
import tickets from '../../labs/tickets/lab.json' with { type: 'json' };
import twoFieldsChecks from '../../labs/two-fields/checks.ts';
import twoFields from '../../labs/two-fields/lab.json' with { type: 'json' };
import verifierRulesChecks from '../../labs/verifier-rules/checks.ts';
import verifierRules from '../../labs/verifier-rules/lab.json' with { type: 'json' };
import type { LabChecks } from './check-kit.ts';
import type { LabDef } from './grade.ts';
import { chapterIds } from './schema.ts';
import { LabError, validateLab } from './validate.ts';

const sources: [unknown, LabChecks][] = [
  [racyCounter, racyCounterChecks],
  [atomicCounter, atomicCounterChecks],
  [tickets, ticketsChecks],
  [casMax, casMaxChecks],
  [firstWins, firstWinsChecks],
  [cpuBits, cpuBitsChecks],
  [twoFields, twoFieldsChecks],
  [verifierRules, verifierRulesChecks],
  [percpuCounter, percpuCounterChecks],
  [copyUpdate, copyUpdateChecks],
  [snapshotSwap, snapshotSwapChecks],
];

let cache: LabDef[] | undefined;

/** All labs in course order (chapter, then the order above). Throws LabError on a bad lab.json. */
export function allLabs(): LabDef[] {
  if (!cache) {
    const defs = sources.map(([json, code]) => {
      const id = (json as { id?: unknown }).id;
      const meta = validateLab(json, `labs/${typeof id === 'string' ? id : '?'}/lab.json`);
      for (const c of meta.checks) {
        if (!code[c.id]) throw new LabError('no-checks', `labs/${meta.id}/checks.ts has no check '${c.id}'`);
      }
      return { meta, code };
    });
    const rank = (d: LabDef) => chapterIds.indexOf(d.meta.chapter);
    cache = defs
      .map((d, i) => ({ d, i }))
      .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
      .map((x) => x.d);
  }
  return cache;
}

/** One lab by id, or a LabError listing the known ids. */
export function findLab(id: string): LabDef {
  const def = allLabs().find((d) => d.meta.id === id);
  if (!def) {
    throw new LabError(
      'no-such-lab',
      `no lab '${id}'; labs: ${allLabs()
        .map((d) => d.meta.id)
        .join(', ')}`,
    );
  }
  return def;
}
