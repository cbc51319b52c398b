/**
 * Checks of tickets. The program marks ticket t as bit t%64 of word t/64 in the `seen` array
 * (64 x 4096 tickets), counting duplicates and tickets outside the bitmap in globals.
 */
import { defineChecks, entries, global, int, popcount, total, verdict } from '../../src/labs/check-kit.ts';

export default defineChecks({
  'all-issued': (r) => {
    const next = global(r, 'next_ticket');
    return verdict(next === total(r), `next_ticket = ${next}, events = ${total(r)}`);
  },
  'zero-to-n-minus-1': (r) => {
    const n = total(r);
    const words = entries(r, 'seen');
    if (n > BigInt(words.length * 64))
      return verdict(false, `${n} events do not fit the ${words.length * 64}-ticket bitmap`);
    const missing: bigint[] = [];
    let extra = 0;
    for (const e of words) {
      const base = int(e.key, 'key') * 64n;
      const bits = int(e.value, 'seen value');
      for (let b = 0n; b < 64n; b++) {
        const has = ((bits >> b) & 1n) === 1n;
        if (base + b < n && !has) missing.push(base + b);
        if (base + b >= n && has) extra++;
      }
    }
    const outside = global(r, 'out_of_range');
    const marked = words.reduce((s, e) => s + popcount(int(e.value)), 0);
    const pass = missing.length === 0 && extra === 0 && outside === 0n;
    const why = [
      missing.length ? `${missing.length} missing (first: ${missing.slice(0, 3).join(', ')})` : '',
      extra ? `${extra} above N-1` : '',
      outside ? `${outside} out of range (a ticket of -1 is 2^64-1)` : '',
    ].filter(Boolean);
    return verdict(pass, `${marked} of ${n} tickets marked${why.length ? `; ${why.join('; ')}` : ''}`);
  },
  unique: (r) => {
    const d = global(r, 'duplicates');
    return verdict(d === 0n, `${d} duplicate tickets`);
  },
});
