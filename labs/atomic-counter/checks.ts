/** Checks of atomic-counter (lab.json has their sentences); they grade browser and kernel runs. */
import { defineChecks, global, total, verdict } from '../../src/labs/check-kit.ts';

export default defineChecks({
  'counts-events': (r) => {
    const c = global(r, 'counter');
    return verdict(c > 0n && c <= total(r), `counter = ${c}, events = ${total(r)}`);
  },
  'exact-total': (r) => {
    const c = global(r, 'counter');
    const n = total(r);
    return verdict(c === n, c === n ? `${c} of ${n}` : `${c} of ${n}: ${n - c} updates lost`);
  },
});
