/**
 * Checks of verifier-rules. They grade the counter once it loads (the starter does not: the
 * kernel refuses it - a path returns with the lock held - so a kernel run of the starter ends
 * in the verifier's message before any check). The series of refused programs is in
 * variants/, checked against the kernel by lab.test.ts.
 */
import type { RunResult } from '../../src/engine/results.ts';
import { defineChecks, entries, field, global, int, total, verdict } from '../../src/labs/check-kit.ts';

function calls(r: RunResult) {
  const e = entries(r, 'calls').find((x) => int(x.key, 'key') === 0n);
  if (!e) throw new Error('map calls has no entry for key 0');
  return { count: field(e.value, 'count'), twice: field(e.value, 'twice') };
}

export default defineChecks({
  'exact-count': (r) => {
    const { count } = calls(r);
    return verdict(count === total(r), `count = ${count}, events = ${total(r)}`);
  },
  'pair-in-step': (r) => {
    const { count, twice } = calls(r);
    const torn = global(r, 'torn');
    return verdict(
      twice === 2n * count && torn === 0n,
      `twice = ${twice}, count = ${count}; ${torn} reads under the lock saw them out of step`,
    );
  },
});
