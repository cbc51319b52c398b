/**
 * snapshot-swap on both sides: the engine (our compiler, the deterministic machine, the
 * lab's userspace harvester) and the real kernel (`lockstep check`). Swapping inner maps
 * harvests every packet once; reading and resetting the live map loses some.
 */
import { describe, expect, test } from 'vitest';
import { labKit, verdicts } from '../../src/labs/testing.ts';
import { describeKernel } from '../../src/testing/kernel.ts';
import reader from './userspace.ts';

const kit = labKit({ lab: 'snapshot-swap', dir: import.meta.dirname, prog: 'count_keys', userspace: reader });

describe('snapshot-swap on the engine (2 CPUs x 20 events, userspace harvester)', () => {
  test('the swap solution harvests every packet once', async () => {
    for (const seed of [1, 2, 3]) {
      expect(verdicts(await kit.smallRun('solution.bpf.c', seed))).toEqual({
        'packets-numbered': true,
        harvested: true,
        'exact-sum': true,
      });
    }
  });

  test('the read-and-reset starter loses packets under some schedules', async () => {
    let lossy = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const v = verdicts(await kit.smallRun('starter.bpf.c', seed));
      expect(v.harvested).toBe(true);
      if (!v['exact-sum']) lossy++;
    }
    expect(lossy).toBeGreaterThan(0);
  });
});

describeKernel('snapshot-swap on the real kernel', () => {
  test('lockstep check passes the swap solution; the engine agrees', async () => {
    const r = kit.check([]);
    await kit.expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'packets-numbered': true, harvested: true, 'exact-sum': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the read-and-reset starter loses packets; the engine agrees', async () => {
    const r = kit.check(['--starter']);
    await kit.expectParity('starter.bpf.c', r.result, true);
    expect(r.checks).toEqual({ 'packets-numbered': true, harvested: true, 'exact-sum': false });
    expect(r.status).toBe(1);
  }, 180_000);
});
