import { describe, expect, test } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { gradeLab, labList } from './browser.ts';
import { allLabs } from './registry.ts';
import { validateLab } from './validate.ts';

const run = (lab: string, globals: RunResult['globals'], maps: RunResult['maps'] = {}): RunResult => ({
  lab,
  engine: 'kernel',
  cpus: 2,
  eventsPerCpu: 100,
  mode: 'parallel',
  globals,
  maps,
  checks: [],
  durationNs: 1,
  nsPerEvent: 1,
  log: [],
});

const verdicts = (checks: { id: string; pass: boolean }[]) => Object.fromEntries(checks.map((c) => [c.id, c.pass]));

describe('lab registry', () => {
  test('every lab.json validates and has code for each check', () => {
    const ids = allLabs().map((d) => d.meta.id);
    expect(ids.slice(0, 2)).toEqual(['racy-counter', 'atomic-counter']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(labList().every((l) => l.title.length > 0)).toBe(true);
  });

  test('a bad lab.json names the field, the received and the allowed values', () => {
    const good = structuredClone(allLabs()[0].meta) as Record<string, unknown>;
    const bad = { ...good, program: { name: 'x', type: 'xdpp', section: 'xdp' }, extra: 1 };
    expect(() => validateLab(bad, 'labs/racy-counter/lab.json')).toThrow(
      /program\.type: .*received "xdpp", allowed: "xdp", "tracepoint"/,
    );
    expect(() => validateLab(bad, 'labs/racy-counter/lab.json')).toThrow(/unknown field\(s\) extra/);
    expect(() => validateLab(good, 'labs/other/lab.json')).toThrow(/folder is "other"/);
  });
});

describe('gradeRun', () => {
  test('racy-counter: exact counter passes, a short one fails with the loss', () => {
    expect(verdicts(gradeLab('racy-counter', run('racy-counter', { counter: 200 })))).toEqual({
      'counts-events': true,
      'no-lost-updates': true,
    });
    const short = gradeLab('racy-counter', run('racy-counter', { counter: 187n }));
    expect(short[1]).toMatchObject({ pass: false, detail: '187 of 200: 13 updates lost' });
  });

  test('a missing global fails the check with what the results have', () => {
    const r = gradeLab('atomic-counter', run('atomic-counter', { count: 200 }));
    expect(r[1]).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/no global 'counter' \(globals: count\)/),
    });
  });

  test('tickets: 0..N-1 passes; the starter shape (-1..N-2) fails', () => {
    const seen = (lo: bigint, hi: bigint) => {
      const words = [0n, 0n, 0n, 0n];
      for (let t = lo; t <= hi; t++) words[Number(t / 64n)] |= 1n << (t % 64n);
      return words.map((value, key) => ({ key, value }));
    };
    const good = run('tickets', { next_ticket: 200, duplicates: 0, out_of_range: 0 }, { seen: seen(0n, 199n) });
    expect(verdicts(gradeLab('tickets', good))).toEqual({
      'all-issued': true,
      'zero-to-n-minus-1': true,
      unique: true,
    });
    const starter = run('tickets', { next_ticket: 200, duplicates: 0, out_of_range: 1 }, { seen: seen(0n, 198n) });
    expect(gradeLab('tickets', starter)[1]).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/missing \(first: 199\)/),
    });
  });

  test('cas-max and first-wins read per-round maps', () => {
    const maxes = Array.from({ length: 30 }, (_, k) => ({ key: k, value: k < 25 ? 8 * k + 7 : 0 }));
    const ok = run('cas-max', { next_seq: 200 }, { round_max: maxes });
    expect(verdicts(gradeLab('cas-max', ok))['every-round-max']).toBe(true);
    maxes[3].value = 30;
    expect(gradeLab('cas-max', ok)[0].detail).toMatch(/1 of 25 rounds lost/);
    const rounds = Array.from({ length: 30 }, (_, k) => ({
      key: k,
      value: { claimed: k < 25 ? 1 : 0, winners: k < 25 ? 1 : 0 },
    }));
    rounds[7].value.winners = 2;
    expect(verdicts(gradeLab('first-wins', run('first-wins', { next_seq: 200 }, { rounds })))).toEqual({
      'one-winner-per-round': false,
      'rounds-claimed': true,
    });
  });

  test('cpu-bits: credits are signed 64-bit', () => {
    const g = { cpus_seen: 3, parity: 0, granted: 200, refused: 0, credits: 9800n };
    expect(verdicts(gradeLab('cpu-bits', run('cpu-bits', g)))).toEqual({
      'cpus-seen': true,
      parity: true,
      accounted: true,
      'credits-balance': true,
      'no-overdraft': true,
    });
    const neg = { ...g, granted: 10000, refused: 90000, credits: 2n ** 64n - 90000n };
    const r = run('cpu-bits', neg);
    r.eventsPerCpu = 50000;
    expect(verdicts(gradeLab('cpu-bits', r))['credits-balance']).toBe(true);
  });
});
