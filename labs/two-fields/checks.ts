/**
 * Checks of two-fields. Every test packet is 64 bytes (the harness's frame, the engine's
 * default packet), so a consistent {packets, bytes} pair always averages exactly 64 bytes.
 * The program counts the pairs it read that did not (global `torn`); the userspace reader
 * (reference/two-fields.c on a kernel, userspace.ts in the engine) stores its own count in
 * the `reader` map.
 */
import type { RunResult } from '../../src/engine/results.ts';
import { defineChecks, entries, field, global, int, total, verdict } from '../../src/labs/check-kit.ts';

const PACKET_BYTES = 64n;

function entry0(r: RunResult, map: string) {
  const e = entries(r, map).find((x) => int(x.key, 'key') === 0n);
  if (!e) throw new Error(`map ${map} has no entry for key 0`);
  return e.value;
}

export default defineChecks({
  'exact-totals': (r) => {
    const s = entry0(r, 'stats');
    const packets = field(s, 'packets');
    const bytes = field(s, 'bytes');
    const n = total(r);
    return verdict(
      packets === n && bytes === n * PACKET_BYTES,
      `packets = ${packets} of ${n}, bytes = ${bytes} of ${n * PACKET_BYTES}`,
    );
  },
  'no-torn-pairs': (r) => {
    const torn = global(r, 'torn');
    return verdict(torn === 0n, `${torn} of ${total(r)} pairs the program read did not average ${PACKET_BYTES} bytes`);
  },
  'reader-consistent': (r) => {
    const t = entry0(r, 'reader');
    const reads = field(t, 'reads');
    const torn = field(t, 'torn');
    if (reads === 0n) return verdict(false, 'no userspace reader ran (it stores its tally in the reader map)');
    return verdict(torn === 0n, `${torn} of ${reads} BPF_F_LOCK lookups saw a torn pair`);
  },
});
