/**
 * Checks of cpu-bits. CPU bit numbers are CPU ids (0..cpus-1 in the browser, the pinned CPUs'
 * ids on a kernel), so the checks count bits rather than expect a particular mask.
 */
import { defineChecks, global, popcount, total, verdict } from '../../src/labs/check-kit.ts';

const CREDITS = 10000n;

export default defineChecks({
  'cpus-seen': (r) => {
    const seen = global(r, 'cpus_seen');
    return verdict(popcount(seen) === r.cpus, `cpus_seen = 0x${seen.toString(16)}, ${r.cpus} CPUs ran`);
  },
  parity: (r) => {
    const seen = global(r, 'cpus_seen');
    const parity = global(r, 'parity');
    const expect = r.eventsPerCpu % 2 === 1 ? seen : 0n;
    return verdict(parity === expect, `parity = 0x${parity.toString(16)}, expected 0x${expect.toString(16)}`);
  },
  accounted: (r) => {
    const g = global(r, 'granted');
    const f = global(r, 'refused');
    return verdict(g + f === total(r), `granted ${g} + refused ${f} = ${g + f}, events = ${total(r)}`);
  },
  'credits-balance': (r) => {
    const c = BigInt.asIntN(64, global(r, 'credits'));
    const expect = CREDITS - total(r);
    return verdict(c === expect, `credits = ${c}, expected ${expect}`);
  },
  'no-overdraft': (r) => {
    const g = global(r, 'granted');
    const expect = total(r) < CREDITS ? total(r) : CREDITS;
    return verdict(g === expect, `granted = ${g}, expected ${expect}`);
  },
});
