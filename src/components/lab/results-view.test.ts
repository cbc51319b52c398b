import { expect, test } from 'vitest';
import type { RunResult } from '../../engine/results.ts';
import type { Outcome } from './protocol.ts';
import { counterOf, summarize } from './results-view.ts';

const result = (globals: RunResult['globals'], cpus = 2, events = 1000): RunResult => ({
  engine: 'jit',
  cpus,
  eventsPerCpu: events,
  mode: 'parallel',
  globals,
  maps: {},
  checks: [],
  durationNs: 0,
  nsPerEvent: 0,
  log: [],
});
const outcome = (o: Partial<Outcome>): Outcome => ({ stage: 'run', diagnostics: [], checks: [], missing: [], ...o });

test('the counter is the global named like one, else the only integer global', () => {
  expect(counterOf(outcome({ result: result({ target_tgid: 0n, counter: 1500n }) }))).toEqual({
    name: 'counter',
    value: 1500n,
  });
  expect(counterOf(outcome({ result: result({ next_seq: 7n }) }))).toEqual({ name: 'next_seq', value: 7n });
  expect(counterOf(outcome({ result: result({ a: 1n, b: 2n }) }))).toBeNull();
  // A tally of anomalies is not a counter of updates: no "lost updates" from it.
  expect(counterOf(outcome({ result: result({ torn: 0n }) }))).toBeNull();
  expect(counterOf(outcome({ result: result({ mixed: 3n }) }))).toBeNull();
});

test('the announced summary says what happened, in one sentence', () => {
  const lost = summarize(
    outcome({ result: result({ counter: 1500n }), checks: [{ id: 'x', pass: false, detail: '' }] }),
  );
  expect(lost).toBe(
    'Ran 2 CPUs × 1000 events (parallel): counter = 1500 of 2000; 500 lost updates; checks 0 of 1 passed.',
  );
  const compile = summarize(
    outcome({
      stage: 'compile',
      diagnostics: [{ code: 'C1', severity: 'error', message: "expected ';'", file: 'f', line: 7, col: 3 }],
    }),
  );
  expect(compile).toBe("Compile failed: 1 error, first on line 7: expected ';'");
  const rejected = summarize(
    outcome({
      stage: 'verify',
      verifier: {
        accepted: false,
        log: '',
        processed: 3,
        error: { message: 'R0 invalid mem access', insn: 2, line: 9 },
      },
    }),
  );
  expect(rejected).toBe('Verifier rejected the program (line 9): R0 invalid mem access');
});
