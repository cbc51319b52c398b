/**
 * Checks of cas-max. Events are numbered by next_seq; event s belongs to round s / 8 and its
 * sample is s ^ 7, so every round that had an event (its first event, s = 8k, has sample
 * 8k + 7) must end with maximum 8k + 7. Rounds beyond the map (16384 of them) are not
 * recorded by the program and not checked.
 */
import { defineChecks, entries, global, int, total, verdict } from '../../src/labs/check-kit.ts';

const ROUND_EVENTS = 8n;

export default defineChecks({
  'every-round-max': (r) => {
    const n = total(r);
    const rounds = entries(r, 'round_max');
    const wanted = (n + ROUND_EVENTS - 1n) / ROUND_EVENTS;
    const lost: string[] = [];
    let checked = 0;
    for (const e of rounds) {
      const k = int(e.key, 'key');
      if (k >= wanted) continue;
      checked++;
      const expect = k * ROUND_EVENTS + ROUND_EVENTS - 1n;
      const got = int(e.value, 'round_max value');
      if (got !== expect) lost.push(`round ${k}: ${got}, expected ${expect}`);
    }
    if (checked === 0) return verdict(false, 'no rounds recorded');
    return verdict(
      lost.length === 0,
      lost.length
        ? `${lost.length} of ${checked} rounds lost their maximum (${lost.slice(0, 2).join('; ')})`
        : `${checked} rounds, all maxima kept`,
    );
  },
  'sequence-complete': (r) => {
    const s = global(r, 'next_seq');
    return verdict(s === total(r), `next_seq = ${s}, events = ${total(r)}`);
  },
});
