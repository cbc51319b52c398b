/**
 * percpu-counter on both sides: the engine (our compiler, the deterministic machine) and the
 * real kernel (`lockstep check`). The per-CPU solution is exact with one count per CPU; the
 * shared-array starter has one value for all CPUs.
 */
import { describe, expect, test } from 'vitest';
import { gradeLab } from '../../src/labs/browser.ts';
import { labKit, verdicts } from '../../src/labs/testing.ts';
import { describeKernel } from '../../src/testing/kernel.ts';

const LAB = 'percpu-counter';
const kit = labKit({ lab: LAB, dir: import.meta.dirname, prog: 'count_packets' });

describe('percpu-counter on the engine (2 CPUs x 20 events)', () => {
  test('the solution: exact, each CPU its own 20', async () => {
    const r = await kit.smallRun('solution.bpf.c', 1);
    expect(r.maps.packets).toEqual([{ key: 0n, values: [20n, 20n] }]);
    expect(verdicts(r)).toEqual({ 'counts-packets': true, 'exact-total': true, 'one-slot-per-cpu': true });
  });

  test('the starter: one shared value, and some schedules lose updates', async () => {
    let lossy = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const v = verdicts(await kit.smallRun('starter.bpf.c', seed));
      expect(v['counts-packets']).toBe(true);
      expect(v['one-slot-per-cpu']).toBe(false);
      if (!v['exact-total']) lossy++;
    }
    expect(lossy).toBeGreaterThan(0);
  });
});

describe('percpu-counter on the parallel JIT (issue 6: 2 CPUs x 1,000,000 events)', () => {
  test('the per-CPU solution is exact: one million on each CPU', async () => {
    const r = await kit.jitRun('solution.bpf.c', 1_000_000);
    expect(r.maps.packets).toEqual([{ key: 0n, values: [1_000_000n, 1_000_000n] }]);
    expect(gradeLab(LAB, r).every((c) => c.pass)).toBe(true);
  });
});

describeKernel('percpu-counter on the real kernel', () => {
  test('lockstep check passes the solution; the engine agrees', async () => {
    const r = kit.check();
    await kit.expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'counts-packets': true, 'exact-total': true, 'one-slot-per-cpu': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the starter loses updates and has no per-CPU slots; the engine agrees', async () => {
    const r = kit.check(['--starter']);
    await kit.expectParity('starter.bpf.c', r.result, true);
    expect(r.checks).toEqual({ 'counts-packets': true, 'exact-total': false, 'one-slot-per-cpu': false });
    expect(r.status).toBe(1);
  }, 180_000);
});
