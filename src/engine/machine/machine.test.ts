/** The deterministic machine on hand-built programs: races, replay, contexts, limits, locks. */
import { describe, expect, test } from 'vitest';
import { insn } from '../isa/index.ts';
import { createStepper, run } from './index.ts';
import { parseSchedule } from './schedule.ts';
import { atomicCounter, bss, EXIT0, lockedArray, mapPtr, mapValue, object, racyCounter } from './testing.ts';

describe('races on 2 CPUs × 2 events', () => {
  test('the racy counter loses updates under some seeds and not others; a lossy run replays exactly', async () => {
    const obj = racyCounter();
    const finals: bigint[] = [];
    let lossy: { seed: number; schedule: string; counter: bigint } | null = null;
    for (let seed = 1; seed <= 40; seed++) {
      const r = await run(obj, 'prog', { cpus: 2, events: 2, seed });
      expect(r.error).toBeUndefined();
      const c = r.globals.counter as bigint;
      finals.push(c);
      if (c < 4n && !lossy) lossy = { seed, schedule: r.schedule!, counter: c };
    }
    expect(finals).toContain(4n);
    expect(lossy).not.toBeNull();
    const again = await run(obj, 'prog', { cpus: 2, events: 2, schedule: lossy!.schedule });
    expect(again.globals.counter).toBe(lossy!.counter);
    expect(again.schedule).toBe(lossy!.schedule);
  });
  test('the atomic counter always ends at 4', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = await run(atomicCounter(), 0, { cpus: 2, events: 2, seed });
      expect(r.globals.counter).toBe(4n);
    }
  });
  test('the same seed gives the same run; round-robin interleaves one instruction each', async () => {
    const a = await run(racyCounter(), 0, { cpus: 2, events: 2, seed: 7 });
    const b = await run(racyCounter(), 0, { cpus: 2, events: 2, seed: 7 });
    expect(b.schedule).toBe(a.schedule);
    const rr = await run(racyCounter(), 0, { cpus: 2, events: 1, scheduler: 'round-robin' });
    expect(rr.schedule).toBe('0,1,0,1,0,1,0,1,0,1,0,1');
    expect(rr.globals.counter).toBe(1n);
  });
  test('a schedule carries a non-default seed, so bpf_get_prandom_u32 replays too', async () => {
    // x += bpf_get_prandom_u32()
    const obj = object(
      [
        insn(0x85, 0, 0, 0, 7),
        ...mapValue(1, 0, 0),
        insn(0x79, 2, 1, 0),
        insn(0x0f, 2, 0),
        insn(0x7b, 1, 2, 0),
        ...EXIT0,
      ],
      [bss(['x'])],
    );
    const r = await run(obj, 0, { cpus: 2, events: 3, seed: 5 });
    expect(r.schedule).toMatch(/^seed:5\//);
    const again = await run(obj, 0, { cpus: 2, events: 3, schedule: r.schedule });
    expect(again.globals.x).toBe(r.globals.x);
    const other = await run(obj, 0, { cpus: 2, events: 3, seed: 6 });
    expect(other.globals.x).not.toBe(r.globals.x);
  });
  test('a long run reports its scheduler as the schedule, which replays it', async () => {
    const r = await run(racyCounter(), 0, { cpus: 2, events: 2000, seed: 11 });
    expect(r.schedule).toBe('random:11');
    const again = await run(racyCounter(), 0, { cpus: 2, events: 2000, schedule: r.schedule });
    expect(again.globals.counter).toBe(r.globals.counter);
    expect((r.globals.counter as bigint) < 4000n).toBe(true);
  });
  test('a hand-written schedule: CPU 0 runs a whole invocation before CPU 1', async () => {
    const r = await run(racyCounter(), 0, { cpus: 2, events: 1, schedule: '0x6,1x6' });
    expect(r.globals.counter).toBe(2n);
    expect(r.schedule).toBe('0x6,1x6');
  });
});

describe('results and limits', () => {
  test('many events on one CPU, with duration and ns per event', async () => {
    const r = await run(racyCounter(), 0, { cpus: 1, events: 10_000 });
    expect(r.globals.counter).toBe(10_000n);
    expect(r.eventsPerCpu).toBe(10_000);
    expect(r.nsPerEvent).toBeGreaterThan(0);
    expect(r.schedule).toBe('0x60000');
  });
  test('a fault ends the run with cpu, pc and source line', async () => {
    const obj = object([insn(0xb7, 1, 0, 0, 0), insn(0x79, 0, 1, 0), insn(0x95)], [bss(['x'])]);
    const r = await run(obj, 0, { cpus: 2, events: 3 });
    expect(r.error).toMatchObject({ code: 'mem-fault', pc: 1 });
    expect(r.error!.message).toMatch(/test\.bpf\.c:2/);
  });
  test('an endless loop hits the per-invocation budget', async () => {
    const r = await run(object([insn(0x05, 0, 0, -1)], [bss(['x'])]), 0, { insnBudget: 5000 });
    expect(r.error).toMatchObject({ code: 'insn-budget', cpu: 0 });
  });
  test('the wall-clock limit stops a long run', async () => {
    const r = await run(racyCounter(), 0, { events: 1e9, timeLimitMs: 50 });
    expect(r.error?.code).toBe('time-limit');
  });
  test('deterministic mode with the JIT runs whole invocations in turn (engines.ts)', async () => {
    const r = await run(racyCounter(), 0, { cpus: 2, events: 3, engine: 'jit' });
    expect(r).toMatchObject({ engine: 'jit', mode: 'deterministic' });
    expect(r.globals.counter).toBe(6n);
  });
  test('bad options and names come back as errors, not exceptions', async () => {
    expect((await run(racyCounter(), 'nope')).error?.code).toBe('no-program');
    expect((await run(racyCounter(), 0, { cpus: 0 })).error?.code).toBe('bad-option');
    expect((await run(racyCounter(), 0, { cpus: 2, schedule: '0x3,zz' })).error?.message).toMatch(
      /'zz' at character 5/,
    );
    expect(() => parseSchedule('5', 2)).toThrow(/CPU 5/);
  });
});

describe('contexts', () => {
  test('xdp: data/data_end span the packet; the program reads its bytes', async () => {
    // r2 = ctx->data; r3 = ctx->data_end; counter = data_end - data + packet[1]
    const obj = object(
      [
        insn(0x61, 2, 1, 0),
        insn(0x61, 3, 1, 4),
        insn(0x1f, 3, 2),
        insn(0x71, 4, 2, 1),
        insn(0x0f, 3, 4),
        ...mapValue(1, 0, 0),
        insn(0x7b, 1, 3, 0),
        insn(0xb7, 0, 0, 0, 2),
        insn(0x95),
      ],
      [bss(['counter'])],
      'xdp',
    );
    const r = await run(obj, 0, { packet: Uint8Array.from([0, 7, 0, 0]) });
    expect(r.globals.counter).toBe(4n + 7n);
    const d = await run(obj, 0, {});
    expect(d.globals.counter).toBe(64n);
  });
  test('tc and socket filter: __sk_buff len, data and data_end over the packet', async () => {
    // counter = skb->len * 1000 + (data_end - data) + packet[2]
    const prog = [
      insn(0x61, 2, 1, 76),
      insn(0x61, 3, 1, 80),
      insn(0x1f, 3, 2),
      insn(0x71, 4, 2, 2),
      insn(0x0f, 3, 4),
      insn(0x61, 5, 1, 0),
      insn(0x27, 5, 0, 0, 1000),
      insn(0x0f, 3, 5),
      ...mapValue(1, 0, 0),
      insn(0x7b, 1, 3, 0),
      ...EXIT0,
    ];
    for (const type of ['sched_cls', 'socket_filter'] as const) {
      const r = await run(object(prog, [bss(['counter'])], type), 0, { packet: Uint8Array.from([1, 2, 3, 4, 5]) });
      expect(r.globals.counter).toBe(5000n + 5n + 3n);
    }
  });
  test('tp_btf sys_enter: args[0] points at pt_regs, args[1] is the syscall id', async () => {
    // counter = args[1] + *(u64 *)(args[0] + 0) (zeroed pt_regs)
    const obj = object(
      [
        insn(0x79, 2, 1, 8),
        insn(0x79, 3, 1, 0),
        insn(0x79, 3, 3, 0),
        insn(0x0f, 2, 3),
        ...mapValue(1, 0, 0),
        insn(0x7b, 1, 2, 0),
        ...EXIT0,
      ],
      [bss(['counter'])],
      'tracing',
    );
    obj.programs[0].attachTo = 'sys_enter';
    const r = await run(obj, 0, { events: 3 });
    expect(r.error).toBeUndefined();
    expect(r.globals.counter).toBe(257n); // the third event's syscall: openat
  });
  test('sys_enter: the syscall id at offset 8 follows the synthetic cycle', async () => {
    const obj = object(
      [insn(0x79, 2, 1, 8), ...mapValue(1, 0, 0), insn(0x79, 3, 1, 0), insn(0x0f, 3, 2), insn(0x7b, 1, 3, 0), ...EXIT0],
      [bss(['sum'])],
    );
    const r = await run(obj, 0, { events: 3 });
    expect(r.globals.sum).toBe(0n + 1n + 257n);
  });
});

describe('spin locks', () => {
  // lock; count = count + 1 (load, add, store); unlock — never loses an update.
  const locked = () =>
    object(
      [
        insn(0x62, 10, 0, -4, 0), // key = 0
        ...mapPtr(1, 0),
        insn(0xbf, 2, 10),
        insn(0x07, 2, 0, 0, -4),
        insn(0x85, 0, 0, 0, 1), // bpf_map_lookup_elem
        insn(0x55, 0, 0, 2, 0),
        ...EXIT0,
        insn(0xbf, 6, 0),
        insn(0xbf, 1, 6),
        insn(0x85, 0, 0, 0, 93), // bpf_spin_lock
        insn(0x79, 2, 6, 8),
        insn(0x07, 2, 0, 0, 1),
        insn(0x7b, 6, 2, 8),
        insn(0xbf, 1, 6),
        insn(0x85, 0, 0, 0, 94), // bpf_spin_unlock
        ...EXIT0,
      ],
      [lockedArray()],
    );
  test('a held lock makes the scheduler run the other CPU; no update is lost', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = await run(locked(), 0, { cpus: 2, events: 3, seed });
      expect(r.error).toBeUndefined();
      expect(r.maps.locked).toEqual([{ key: 0n, value: { lock: { val: 0n }, count: 6n } }]);
    }
  });
  test('the trace names map values by key and field; a blocked CPU shows as blocked', () => {
    const s = createStepper(locked(), 0, { cpus: 2, events: 1 });
    const names = new Set<string>();
    // CPU 0 takes the lock (through the lookup and the spin_lock call), then CPU 1 tries.
    for (let i = 0; i < 9; i++) {
      const e = s.step(0);
      if (e?.access?.what) names.add(e.access.what);
    }
    while (s.canStep(1) && !s.state().cpus[1].blocked) s.step(1);
    expect(s.state().cpus[1]).toMatchObject({ blocked: true, running: true });
    expect(s.step(1)).toBeNull();
    while (s.canStep(0)) {
      const e = s.step(0);
      if (e?.access?.what) names.add(e.access.what);
    }
    expect(names).toContain('locked[0].count');
    while (s.canStep(1)) s.step(1);
    expect(s.state({ maps: true }).maps?.locked).toEqual([{ key: 0n, value: { lock: { val: 0n }, count: 2n } }]);
  });
  test('taking a lock twice is reported as a deadlock', async () => {
    const twice = object(
      [
        insn(0x62, 10, 0, -4, 0),
        ...mapPtr(1, 0),
        insn(0xbf, 2, 10),
        insn(0x07, 2, 0, 0, -4),
        insn(0x85, 0, 0, 0, 1),
        insn(0x55, 0, 0, 2, 0),
        ...EXIT0,
        insn(0xbf, 6, 0),
        insn(0xbf, 1, 6),
        insn(0x85, 0, 0, 0, 93),
        insn(0xbf, 1, 6),
        insn(0x85, 0, 0, 0, 93),
        ...EXIT0,
      ],
      [lockedArray()],
    );
    const r = await run(twice, 0, {});
    expect(r.error?.code).toBe('deadlock');
  });
});

describe('stepper', () => {
  test('step, state, undo and replay', async () => {
    const s = createStepper(racyCounter(), 0, { cpus: 2, events: 1 });
    expect(s.state().cpus.map((c) => c.pc)).toEqual([0, 0]);
    s.step(0); // lddw: one step for its two slots
    const load = s.step(0)!; // r2 = *(u64 *)(r1 + 0)
    expect(load.access).toMatchObject({ kind: 'read', what: 'counter', value: 0n });
    expect(load.line).toEqual({ file: 'test.bpf.c', line: 3, col: 1 });
    for (let i = 0; i < 3; i++) s.step(1);
    const store = s.step(1)!;
    expect(store.access).toMatchObject({ kind: 'write', what: 'counter', value: 1n });
    s.step(0);
    s.step(0);
    expect(s.state().globals.counter).toBe(1n); // CPU 0 wrote its stale 0 + 1: one update lost
    expect(s.schedule()).toBe('0x2,1x4,0x2');
    expect(await s.undo()).toBe(true);
    expect(s.schedule()).toBe('0x2,1x4,0');
    const st = s.state();
    expect(st.cpus[0]).toMatchObject({ pc: 4, running: true });
    expect(st.cpus[0].regs[2]).toBe(1n);
    expect(st.trace).toHaveLength(7);
    await s.replay('1x6,0x6');
    expect(s.state().cpus.every((c) => c.done)).toBe(true);
    expect(s.state().globals.counter).toBe(2n);
    expect(s.canStep(0)).toBe(false);
    expect(s.step(0)).toBeNull();
  });
  test('a stepped schedule with a seed replays in a fresh stepper', async () => {
    // x += bpf_get_prandom_u32(), stepped by hand with seed 9
    const obj = object(
      [
        insn(0x85, 0, 0, 0, 7),
        ...mapValue(1, 0, 0),
        insn(0x79, 2, 1, 0),
        insn(0x0f, 2, 0),
        insn(0x7b, 1, 2, 0),
        ...EXIT0,
      ],
      [bss(['x'])],
    );
    const a = createStepper(obj, 0, { cpus: 2, events: 1, seed: 9 });
    for (const c of [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1]) a.step(c);
    expect(a.schedule()).toBe('seed:9/1x2,0x3,1x4,0x3,1');
    const b = createStepper(obj, 0, { cpus: 2, events: 1 });
    await b.replay(a.schedule());
    expect(b.state().globals).toEqual(a.state().globals);
    expect(b.state().trace.map((t) => t.pc)).toEqual(a.state().trace.map((t) => t.pc));
    await expect(b.replay('random:3')).rejects.toThrow(/explicit schedules/);
  });
  test('finish runs the rest and returns the results', async () => {
    const s = createStepper(atomicCounter(), 0, { cpus: 2, events: 2 });
    s.step(1);
    const r = await s.finish();
    expect(r.globals.counter).toBe(4n);
    expect(r.schedule!.startsWith('1')).toBe(true);
  });
});
