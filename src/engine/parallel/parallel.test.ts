import { describe, expect, test } from 'vitest';
import { insn, lddw } from '../isa/codec.ts';
import { runBareParallel } from './bare.ts';
import { bareMaps, bareMemory, bareStackTop, counterPrograms, LOCKED_ADDR, readCounters } from './counters.ts';

const CPUS = 2;
const EVENTS = 1_000_000;

async function run(name: keyof typeof counterPrograms, memory = bareMemory(CPUS), timeLimitMs = 30_000) {
  const out = await runBareParallel({
    insns: counterPrograms[name],
    memory,
    maps: bareMaps,
    cpus: CPUS,
    events: EVENTS,
    stackTop: bareStackTop,
    timeLimitMs,
  });
  return { out, counters: readCounters(memory, CPUS) };
}

describe('parallel JIT: 2 CPUs × 1,000,000 events', () => {
  test('the racy counter loses updates', async () => {
    // A real race needs both workers on a core at the same time; on a loaded machine one run
    // may happen to serialise, so allow a few attempts and report every count.
    const counts: bigint[] = [];
    const until = performance.now() + 60_000;
    for (let attempt = 0; attempt < 30 && performance.now() < until; attempt++) {
      const { out, counters } = await run('racy');
      expect(out.error).toBeUndefined();
      expect(out.perCpu.map((p) => p.events)).toEqual([EVENTS, EVENTS]);
      counts.push(counters.racy);
      if (counters.racy < BigInt(CPUS * EVENTS)) break;
    }
    const last = counts[counts.length - 1];
    console.log(`racy counter: ${counts.join(', ')} of ${CPUS * EVENTS} (lost ${BigInt(CPUS * EVENTS) - last})`);
    expect(last).toBeGreaterThan(0n);
    expect(last).toBeLessThan(BigInt(CPUS * EVENTS));
  }, 120_000);

  test('the atomic counter is exact', async () => {
    const { out, counters } = await run('atomic');
    expect(out.error).toBeUndefined();
    expect(counters.atomic).toBe(BigInt(CPUS * EVENTS));
  });

  test('the spin-lock counter is exact', async () => {
    const { out, counters } = await run('spinlock');
    expect(out.error).toBeUndefined();
    expect(counters.spinlock).toBe(BigInt(CPUS * EVENTS));
  });

  test('the per-CPU counter is exact on every CPU', async () => {
    const { out, counters } = await run('percpu');
    expect(out.error).toBeUndefined();
    expect(counters.percpu).toEqual([BigInt(EVENTS), BigInt(EVENTS)]);
    for (const p of out.perCpu) expect(p.ns).toBeGreaterThan(0);
  });
});

describe('parallel JIT: limits', () => {
  test('a CPU stuck in a loop is terminated at the wall-clock limit, and the run says why', async () => {
    const t0 = performance.now();
    const out = await runBareParallel({
      // loop: r2 = 0; r2 = atomic_fetch_add((u64 *)(r10 - 8), r2) — an atomic RMW per
      // iteration (no optimiser can fold it), so the 2^31 instruction budget lasts seconds.
      insns: [
        insn(0xb7, 0, 0, 0, 0),
        insn(0xb7, 2, 0, 0, 0),
        insn(0xdb, 10, 2, -8, 0x01),
        insn(0x05, 0, 0, -3, 0),
        insn(0x95),
      ],
      memory: bareMemory(CPUS),
      maps: [],
      cpus: CPUS,
      events: 10,
      stackTop: bareStackTop,
      budget: 2_000_000_000,
      timeLimitMs: 1500,
    });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(out.error?.code).toBe('time-limit');
    expect(out.error?.message).toMatch(
      /wall-clock limit of 1500 ms reached; terminated cpu 0 at 0\/10 events, cpu 1 at 0\/10/,
    );
  });

  test('a spin lock nobody releases ends the invocation with lock-timeout', async () => {
    const memory = bareMemory(CPUS);
    new Int32Array(memory.buffer)[LOCKED_ADDR >> 2] = 1; // held forever
    const out = await runBareParallel({
      insns: counterPrograms.spinlock,
      memory,
      maps: bareMaps,
      cpus: CPUS,
      events: 10,
      stackTop: bareStackTop,
      budget: 100_000,
    });
    expect(out.error?.code).toBe('lock-timeout');
    expect(out.error?.message).toMatch(/cpu \d: bpf_spin_lock: lock not released/);
  });

  test('a fault on one CPU ends the run with its code and CPU', async () => {
    const memory = bareMemory(CPUS);
    const out = await runBareParallel({
      insns: [...lddw(1, 0x7fff0000n), insn(0x79, 0, 1, 0), insn(0x95)],
      memory,
      maps: [],
      cpus: CPUS,
      events: 10,
      stackTop: bareStackTop,
    });
    expect(out.error?.code).toBe('fault');
    expect(out.error?.message).toMatch(/cpu \d: memory access out of bounds/);
  });
});
