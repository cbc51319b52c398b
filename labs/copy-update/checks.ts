/**
 * Checks of copy-update. The pair under key 0 of `pairs` must satisfy b == 2 * a; the program
 * counts its own reads that did not (global `mixed`), the userspace reader (reference C on a
 * kernel, userspace.ts in the engine) stores its count in the `reader` map. Lost bumps (two
 * CPUs copying the same old pair) are reported, not failed: copy-and-update does not
 * prevent them, and the lesson is the invariant.
 */
import type { RunResult, Value } from '../../src/engine/results.ts';
import { defineChecks, entries, field, global, int, total, verdict } from '../../src/labs/check-kit.ts';

function entry0(r: RunResult, map: string): Value | undefined {
  return entries(r, map).find((x) => int(x.key, 'key') === 0n)?.value;
}

export default defineChecks({
  counted: (r) => {
    const p = entry0(r, 'pairs');
    if (p === undefined) return verdict(false, 'pairs has no entry for key 0');
    const a = field(p, 'a');
    const b = field(p, 'b');
    const n = total(r);
    const lost = a <= n ? ` (${n - a} bumps lost to concurrent copies)` : '';
    return verdict(a > 0n && a <= n && b === 2n * a, `final pair a = ${a}, b = ${b} after ${n} events${lost}`);
  },
  'never-mixed': (r) => {
    const m = global(r, 'mixed');
    const why =
      m === 0n
        ? ''
        : ' (after a copy-update on HASH this means a preallocated element was recycled under a reader: rare, but real)';
    return verdict(m === 0n, `${m} reads in the program saw b != 2 * a${why}`);
  },
  'reader-never-mixed': (r) => {
    const t = entry0(r, 'reader');
    if (t === undefined) return verdict(false, 'reader has no entry for key 0');
    const reads = field(t, 'reads');
    const mixed = field(t, 'mixed');
    if (reads === 0n) return verdict(false, 'no userspace reader ran (it stores its tally in the reader map)');
    return verdict(mixed === 0n, `${mixed} of ${reads} userspace lookups saw b != 2 * a`);
  },
});
