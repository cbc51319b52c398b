/** The userspace participant: its map operations are scheduling points, recorded and replayed. */
import { expect, test } from 'vitest';
import { insn } from '../isa/index.ts';
import type { Value } from '../results.ts';
import { createStepper, run } from './index.ts';
import type { UserspaceScript } from './options.ts';
import { EXIT0, lockedArray, mapPtr, object } from './testing.ts';

// count += 1 on the one value of `locked` (no lock taken: a plain racy load/add/store).
const bump = () =>
  object(
    [
      insn(0x62, 10, 0, -4, 0),
      ...mapPtr(1, 0),
      insn(0xbf, 2, 10),
      insn(0x07, 2, 0, 0, -4),
      insn(0x85, 0, 0, 0, 1),
      insn(0x55, 0, 0, 2, 0),
      ...EXIT0,
      insn(0x79, 2, 0, 8),
      insn(0x07, 2, 0, 0, 1),
      insn(0x7b, 0, 2, 8),
      ...EXIT0,
    ],
    [lockedArray()],
  );

test('userspace reads and resets a map between CPU steps; the schedule replays it', async () => {
  const seen: Value[][] = [];
  const script =
    (log: Value[]): UserspaceScript =>
    async (bpf) => {
      const m = bpf.map('locked');
      for (let i = 0; i < 3; i++) {
        const v = (await m.lookup(0)) as { count: bigint };
        log.push(v.count);
        await bpf.sleep(1);
      }
      expect(await m.update(0, { lock: { val: 0n }, count: 100n })).toBe(0);
    };
  const first: Value[] = [];
  seen.push(first);
  const r = await run(bump(), 0, { cpus: 2, events: 3, seed: 5, userspace: script(first) });
  expect(r.error).toBeUndefined();
  expect(r.schedule).toMatch(/(^|,)u(x\d+)?(,|$)/);
  const uSteps = r.schedule!.split(',').reduce((n, t) => (t.startsWith('u') ? n + Number(t.split('x')[1] ?? 1) : n), 0);
  expect(uSteps).toBe(7); // 3 lookups, 3 sleeps, 1 update
  const again: Value[] = [];
  const r2 = await run(bump(), 0, { cpus: 2, events: 3, schedule: r.schedule, userspace: script(again) });
  expect(r2.schedule).toBe(r.schedule);
  expect(again).toEqual(first);
  expect(r2.maps.locked).toEqual(r.maps.locked);
});

test('a failing userspace script is reported, not thrown', async () => {
  const r = await run(bump(), 0, {
    cpus: 1,
    events: 1,
    userspace: async (bpf) => {
      await bpf.map('nope').lookup(0);
    },
  });
  expect(r.error?.code).toBe('userspace');
  expect(r.error?.message).toMatch(/nope/);
});

test('step mode with userspace: the reader schedules its map operations; undo and replay include them', async () => {
  const seen: bigint[] = [];
  const s = createStepper(bump(), 0, {
    cpus: 1,
    events: 2,
    userspace: async (bpf) => {
      const m = bpf.map('locked');
      seen.push(((await m.lookup(0)) as { count: bigint }).count);
      await m.update(0, { lock: { val: 0n }, count: 10n });
    },
  });
  await s.ready();
  expect(s.canStepUserspace()).toBe(true);
  while (s.state().cpus[0].event === 0) s.step(0); // CPU 0's first invocation
  expect((await s.stepUserspace())?.cpu).toBe(-1); // lookup: sees 1
  expect(seen).toEqual([1n]);
  await s.stepUserspace(); // update: count = 10
  expect(s.state().userspace).toMatchObject({ done: true });
  while (s.canStep(0)) s.step(0); // second invocation: 11
  expect(s.state({ maps: true }).maps?.locked).toEqual([{ key: 0n, value: { lock: { val: 0n }, count: 11n } }]);
  const sched = s.schedule();
  expect(sched).toMatch(/^0x(\d+),ux2,0x\1$/);
  await s.undo();
  expect(s.schedule()).toBe(sched.replace(/x(\d+)$/, (_m, n) => (Number(n) - 1 === 1 ? '' : `x${Number(n) - 1}`)));
  await s.replay(sched);
  expect(s.state({ maps: true }).maps?.locked?.[0].value).toEqual({ lock: { val: 0n }, count: 11n });
});
