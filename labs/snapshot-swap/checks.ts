/**
 * Checks of snapshot-swap. The harvester (reference C on a kernel, userspace.ts in the
 * engine) stores in the `harvest` map how many harvests it made while the packets came and
 * the sum of everything it harvested, a last harvest after the run included. Every packet
 * counts once, so an exact harvester sums to CPUs x events.
 */
import type { RunResult, Value } from '../../src/engine/results.ts';
import { defineChecks, entries, field, global, int, total, verdict } from '../../src/labs/check-kit.ts';

function tally(r: RunResult): Value | undefined {
  return entries(r, 'harvest').find((x) => int(x.key, 'key') === 0n)?.value;
}

export default defineChecks({
  'packets-numbered': (r) => {
    const s = global(r, 'next_seq');
    return verdict(s === total(r), `next_seq = ${s}, events = ${total(r)}`);
  },
  harvested: (r) => {
    const t = tally(r);
    if (t === undefined) return verdict(false, 'harvest has no entry for key 0');
    const n = field(t, 'snapshots');
    return verdict(n >= 2n, n === 0n ? 'no harvester ran (it stores its tally in the harvest map)' : `${n} harvests`);
  },
  'exact-sum': (r) => {
    const t = tally(r);
    if (t === undefined) return verdict(false, 'harvest has no entry for key 0');
    const got = field(t, 'total');
    const n = total(r);
    return verdict(
      got === n,
      got === n ? `${got} of ${n}` : `${got} of ${n}: ${n - got} packets lost between a read and its reset`,
    );
  },
});
