/**
 * Page script of the Chromium test (browser.test.ts): the four counters on 2 CPUs × 1,000,000
 * events in Web Workers, results published on `window.__probe`.
 */
import { runBareParallel } from '../bare.ts';
import { bareMaps, bareMemory, bareStackTop, counterPrograms, readCounters } from '../counters.ts';

const CPUS = 2;
const EVENTS = 1_000_000;

async function one(name: keyof typeof counterPrograms) {
  const memory = bareMemory(CPUS);
  const out = await runBareParallel({
    insns: counterPrograms[name],
    memory,
    maps: bareMaps,
    cpus: CPUS,
    events: EVENTS,
    stackTop: bareStackTop,
  });
  const c = readCounters(memory, CPUS);
  return { error: out.error?.message ?? null, events: out.perCpu.map((p) => p.events), value: c[name] };
}

async function main() {
  const racy: string[] = [];
  const until = performance.now() + 60_000;
  for (let i = 0; i < 30 && performance.now() < until; i++) {
    const r = await one('racy');
    if (r.error) throw new Error(r.error);
    racy.push(String(r.value));
    if ((r.value as bigint) < BigInt(CPUS * EVENTS)) break;
  }
  const atomic = await one('atomic');
  const spinlock = await one('spinlock');
  const percpu = await one('percpu');
  return {
    isolated: globalThis.crossOriginIsolated,
    racy,
    atomic: { ...atomic, value: String(atomic.value) },
    spinlock: { ...spinlock, value: String(spinlock.value) },
    percpu: { ...percpu, value: (percpu.value as bigint[]).map(String) },
  };
}

const w = globalThis as unknown as { __probe?: unknown };
main().then(
  (r) => {
    w.__probe = r;
  },
  (e) => {
    w.__probe = { failed: String(e?.stack ?? e) };
  },
);
