/**
 * Checks of percpu-counter. The starter's map is a shared ARRAY (one `value`), the solution's
 * a PERCPU_ARRAY (`values`, one per CPU that ran, in CPU order); the total is their sum, as
 * userspace computes it.
 */
import type { MapEntry, RunResult } from '../../src/engine/results.ts';
import { defineChecks, entries, int, total, verdict } from '../../src/labs/check-kit.ts';

function slot(r: RunResult): MapEntry {
  const e = entries(r, 'packets').find((x) => int(x.key, 'key') === 0n);
  if (!e) throw new Error('map packets has no entry for key 0');
  return e;
}

/** What userspace reads: the one shared value, or the sum over the per-CPU values. */
function summed(r: RunResult): bigint {
  const e = slot(r);
  if (e.values) return e.values.reduce<bigint>((s, v) => s + int(v, 'per-CPU value'), 0n);
  return int(e.value, 'packets value');
}

export default defineChecks({
  'counts-packets': (r) => {
    const c = summed(r);
    return verdict(c > 0n && c <= total(r), `packets = ${c}, events = ${total(r)}`);
  },
  'exact-total': (r) => {
    const c = summed(r);
    const n = total(r);
    return verdict(c === n, c === n ? `${c} of ${n}` : `${c} of ${n}: ${n - c} updates lost`);
  },
  'one-slot-per-cpu': (r) => {
    const e = slot(r);
    if (!e.values) return verdict(false, 'packets is a shared map: one value for all CPUs');
    const per = e.values.map((v) => int(v, 'per-CPU value'));
    const want = BigInt(r.eventsPerCpu);
    const off = per.filter((v) => v !== want).length;
    return verdict(
      per.length === r.cpus && off === 0,
      `per-CPU values ${per.join(', ')}; each CPU ran ${want} events${per.length === r.cpus ? '' : ` on ${r.cpus} CPUs`}`,
    );
  },
});
