/**
 * two-fields on both sides: the engine (our compiler, the deterministic machine, the lab's
 * userspace reader as a participant) and the real kernel (`lockstep check`, reference C with
 * its reader thread). The solution passes every check; the starter tears pairs.
 */
import { describe, expect, test } from 'vitest';
import { labKit, verdicts } from '../../src/labs/testing.ts';
import { describeKernel } from '../../src/testing/kernel.ts';
import reader from './userspace.ts';

const kit = labKit({ lab: 'two-fields', dir: import.meta.dirname, prog: 'track_sizes', userspace: reader });

describe('two-fields on the engine (2 CPUs x 20 events, userspace reader)', () => {
  test('the solution passes every check', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await kit.smallRun('solution.bpf.c', seed);
      expect(verdicts(r), JSON.stringify(r.checks)).toEqual({
        'exact-totals': true,
        'no-torn-pairs': true,
        'reader-consistent': true,
      });
    }
  });

  test('the starter keeps exact totals but its pairs tear', async () => {
    let torn = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = await kit.smallRun('starter.bpf.c', seed);
      expect(verdicts(r)['exact-totals']).toBe(true);
      if (!verdicts(r)['no-torn-pairs']) torn++;
    }
    expect(torn).toBeGreaterThan(0);
  });
});

describe('two-fields on the parallel JIT (issue 6: 2 CPUs x 1,000,000 events)', () => {
  test('the spin-lock solution is exact and never torn, with the reader running', async () => {
    const r = await kit.jitRun('solution.bpf.c', 1_000_000);
    expect(r.maps.stats[0].value).toMatchObject({ packets: 2_000_000n, bytes: 128_000_000n });
    expect(r.globals.torn).toBe(0n);
    expect(verdicts(r)).toEqual({
      'exact-totals': true,
      'no-torn-pairs': true,
      'reader-consistent': true,
    });
  });
});

describeKernel('two-fields on the real kernel', () => {
  test('lockstep check passes the solution; the engine agrees', async () => {
    const r = kit.check();
    await kit.expectParity('solution.bpf.c', r.result, false);
    expect(r.checks).toEqual({ 'exact-totals': true, 'no-torn-pairs': true, 'reader-consistent': true });
    expect(r.status).toBe(0);
  }, 180_000);

  test('the starter: exact totals, torn pairs; the engine agrees', async () => {
    const r = kit.check(['--starter']);
    await kit.expectParity('starter.bpf.c', r.result, true);
    expect(r.checks['exact-totals']).toBe(true);
    expect(r.checks['no-torn-pairs']).toBe(false);
    expect(r.status).toBe(1);
  }, 180_000);
});
