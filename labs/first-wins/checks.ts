/**
 * Checks of first-wins. Event s belongs to round s / 8; every round that had an event
 * (rounds 0 .. ceil(N/8)-1, within the 16384-entry map) must be claimed with exactly one winner.
 */
import { defineChecks, entries, field, int, total, verdict } from '../../src/labs/check-kit.ts';

const ROUND_EVENTS = 8n;

function playedRounds(r: Parameters<typeof total>[0]) {
  const wanted = (total(r) + ROUND_EVENTS - 1n) / ROUND_EVENTS;
  return entries(r, 'rounds').filter((e) => int(e.key, 'key') < wanted);
}

export default defineChecks({
  'one-winner-per-round': (r) => {
    const rounds = playedRounds(r);
    const bad = rounds.filter((e) => field(e.value, 'winners') !== 1n);
    // bigints: no Math.max; the largest count of winners in one bad round.
    let most = 0n;
    for (const e of bad) {
      const w = field(e.value, 'winners');
      if (w > most) most = w;
    }
    return verdict(
      rounds.length > 0 && bad.length === 0,
      bad.length
        ? `${bad.length} of ${rounds.length} rounds had not exactly one winner (up to ${most} winners)`
        : `${rounds.length} rounds, one winner each`,
    );
  },
  'rounds-claimed': (r) => {
    const rounds = playedRounds(r);
    const open = rounds.filter((e) => field(e.value, 'claimed') === 0n).length;
    return verdict(rounds.length > 0 && open === 0, `${rounds.length - open} of ${rounds.length} rounds claimed`);
  },
});
