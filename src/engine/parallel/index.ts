/**
 * Parallel mode (DESIGN §2.4): the program JIT-compiled once, one worker per simulated CPU on
 * the shared engine memory, all released together, each invoking the program `events` times
 * with a fresh copy of its context, while the lab's userspace script (if any) runs at the same
 * time on this (coordinating) thread — in the page that is the engine's own worker, never the
 * UI thread. Results come back in the RunResult schema; limits and faults are reported in
 * `error`, never thrown. Registered with the machine (machine/engines.ts), so `run()` with
 * `mode: 'parallel'` lands here.
 *
 * Also `runJitSequential`: the same JIT code run one whole invocation at a time, CPUs in
 * round-robin order, on this thread — deterministic, for differential tests against the
 * interpreter (`--mode deterministic --engine jit`).
 *
 * Context: each CPU's context is written once (event 0 of the machine's event source) and
 * copied back before every invocation; packet bytes are not restored between invocations.
 */
import { createHelperFn, type HelperEnv } from '../helpers/index.ts';
import { compileJit, instantiateJit, type JitEnv, JitRunError } from '../jit/index.ts';
import { fillContext, SYNTHETIC_TGID } from '../machine/context.ts';
import { registerEngines } from '../machine/engines.ts';
import { type ResolvedOptions, RunError, type RunOptions, resolveOptions } from '../machine/options.ts';
import { findProgram } from '../machine/world.ts';
import { D } from '../maps/descriptor.ts';
import { dumpGlobals, dumpMaps, type MapSet, setupMaps } from '../maps/index.ts';
import { logDrain } from '../memory/index.ts';
import type { BpfProgram, ProgramObject } from '../object.ts';
import type { RunResult } from '../results.ts';
import { createUserspace } from '../userspace/index.ts';
import { type CpuOutcome, type CpuSlot, runWorkers } from './run-workers.ts';

export { runBareParallel } from './bare.ts';
export { type CpuOutcome, runWorkers, type WorkersOutcome } from './run-workers.ts';

/** The JIT's view of the object's maps, from their layout in the engine memory. */
export function jitEnvFor(set: MapSet, count: number): JitEnv {
  return {
    maps: Array.from({ length: count }, (_, i) => {
      let valueAddr = -1;
      try {
        valueAddr = set.valueAddr(i, 0);
      } catch {
        /* maps without a direct value (hash, per-CPU, map-in-map) */
      }
      return { handle: BigInt(set.mapAddr(i)), valueAddr, array: set.arrayLayout(i) };
    }),
    // The machine's synthetic process (machine/helpers-link.ts and the helpers' default).
    pidTgid: { tgid: SYNTHETIC_TGID, pidBase: SYNTHETIC_TGID },
    descriptor: {
      type: D.TYPE,
      maxEntries: D.MAX_ENTRIES,
      stride: D.STRIDE,
      data: D.DATA,
      pcpu: D.PCPU,
      pcpuPlane: D.PCPU_PLANE,
    },
  };
}

interface Prepared {
  o: ResolvedOptions;
  prog: BpfProgram;
  set: MapSet;
  env: JitEnv;
  slots: CpuSlot[];
}

function prepare(obj: ProgramObject, progRef: string | number, opts: RunOptions): Prepared {
  const o = resolveOptions(opts);
  const prog = findProgram(obj, progRef);
  let set: MapSet;
  try {
    set = setupMaps(obj, { cpus: o.cpus, seed: o.seed });
  } catch (e) {
    throw new RunError('bad-maps', e instanceof Error ? e.message : String(e));
  }
  const mem = set.mem;
  const slots: CpuSlot[] = [];
  for (let c = 0; c < o.cpus; c++) {
    const ctx = fillContext(mem, prog.type, prog.attachTo, c, 0, o.packet);
    const ctxLen = ctx.regions[1] - ctx.regions[0];
    const tmpl = mem.alloc(ctxLen, 64);
    mem.refresh();
    mem.u8.copyWithin(tmpl, ctx.ctx, ctx.ctx + ctxLen);
    slots.push({ ctx: ctx.ctx, tmpl, ctxLen, fp: mem.stackTop(c) });
  }
  if (o.userspace) {
    // Invocation counters, a cache line per CPU, for the userspace API's synchronize().
    const seq = mem.alloc(64 * o.cpus, 64);
    slots.forEach((s, c) => {
      s.seq = seq + 64 * c;
    });
  }
  return { o, prog, set, env: jitEnvFor(set, obj.maps.length), slots };
}

function base(o: ResolvedOptions, mode: RunResult['mode']): RunResult {
  return {
    engine: 'jit',
    cpus: o.cpus,
    eventsPerCpu: o.events,
    mode,
    globals: {},
    maps: {},
    checks: [],
    durationNs: 0,
    nsPerEvent: 0,
    log: [],
    ...(o.lab ? { lab: o.lab } : {}),
  };
}

function fail(opts: RunOptions, mode: RunResult['mode'], code: string, message: string): RunResult {
  return {
    engine: 'jit',
    cpus: opts.cpus ?? 1,
    eventsPerCpu: opts.events ?? 1,
    mode,
    globals: {},
    maps: {},
    checks: [],
    durationNs: 0,
    nsPerEvent: 0,
    log: [],
    error: { code, message },
    ...(opts.lab ? { lab: opts.lab } : {}),
  };
}

function finish(res: RunResult, set: MapSet): RunResult {
  res.globals = dumpGlobals(set);
  res.maps = dumpMaps(set);
  const { records, dropped } = logDrain(set.mem);
  for (const r of records) res.log.push(`cpu ${r.cpu}: ${r.text}`);
  if (dropped) res.log.push(`(${dropped} bytes of bpf_printk output dropped: log ring full)`);
  return res;
}

/** Knobs of parallel runs that RunOptions does not have (the bench uses them). */
export interface ParallelExtras {
  /** Barrier after every batch so CPUs overlap (default true; see run-workers.ts). */
  lockstep?: boolean;
  /** Receives the per-CPU outcome (timing, thread CPU time) of the run. */
  onCpus?: (perCpu: CpuOutcome[]) => void;
}

export async function runParallel(
  obj: ProgramObject,
  progRef: string | number,
  opts: RunOptions,
  extras: ParallelExtras = {},
): Promise<RunResult> {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (typeof SharedArrayBuffer === 'undefined' || g.crossOriginIsolated === false) {
    // Pages without COOP/COEP get no shared memory: the caller falls back to deterministic mode.
    return fail(
      opts,
      'parallel',
      'not-isolated',
      'parallel mode needs shared memory (a cross-origin isolated page: COOP same-origin + COEP require-corp); use deterministic mode',
    );
  }
  let p: Prepared;
  let wasm: Uint8Array;
  try {
    p = prepare(obj, progRef, opts);
    wasm = compileJit(p.prog, p.env).bytes;
  } catch (e) {
    const code = e instanceof RunError ? e.code : (e as Error).name === 'JitError' ? 'jit' : 'engine-error';
    return fail(opts, 'parallel', code, e instanceof Error ? e.message : String(e));
  }
  const { o, set } = p;
  const res = base(o, 'parallel');
  if (o.engine === 'interp') res.log.push('parallel mode runs JIT code on every CPU (engine: jit)');
  const workers = runWorkers({
    memory: set.mem.memory,
    wasm,
    cpus: o.cpus,
    events: o.events,
    slots: p.slots,
    budget: o.insnBudget,
    timeLimitMs: o.timeLimitMs,
    helpers: { kind: 'engine', seed: o.seed.toString() },
    lockstep: extras.lockstep,
  });
  let userErr: string | undefined;
  if (o.userspace) {
    // A script cannot tell finished CPUs from stalled ones (a busy machine deschedules workers
    // for milliseconds), so the machine says when they are done.
    let cpusDone = false;
    workers.then(
      () => {
        cpusDone = true;
      },
      () => {
        cpusDone = true;
      },
    );
    const api = createUserspace(set, {
      blocking: true,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      synchronize: () => waitForRunning(set, p.slots),
      cpusRunning: () => !cpusDone,
    });
    try {
      await o.userspace(api);
    } catch (e) {
      userErr = e instanceof Error ? e.message : String(e);
    }
  }
  const out = await workers;
  extras.onCpus?.(out.perCpu);
  for (const c of out.perCpu) {
    const rate = c.ns > 0 ? `${((c.events / c.ns) * 1e3).toFixed(2)} M events/s` : 'did not finish';
    const onCpu = c.cpuNs !== null && c.ns > 0 ? `, ${(c.cpuNs / 1e6).toFixed(3)} ms on a core` : '';
    res.log.push(`cpu ${c.cpu}: ${c.events} events in ${(c.ns / 1e6).toFixed(3)} ms${onCpu} (${rate})`);
  }
  const done = out.perCpu.filter((c) => c.ns > 0);
  res.durationNs = Math.round(out.wallNs);
  res.nsPerEvent = done.length ? done.reduce((s, c) => s + c.ns / Math.max(1, c.events), 0) / done.length : 0;
  if (out.error) res.error = out.error;
  else if (userErr) res.error = { code: 'userspace', message: `userspace script failed: ${userErr}` };
  return finish(res, set);
}

/**
 * Resolves once every invocation that was running when called has returned (what the kernel's
 * synchronize_rcu gives a map-in-map update): a CPU whose counter was odd must move on.
 */
async function waitForRunning(set: MapSet, slots: CpuSlot[]): Promise<void> {
  const i32 = set.mem.i32;
  const before = slots.map((s) => (s.seq ? Atomics.load(i32, s.seq >> 2) : 0));
  for (;;) {
    const busy = slots.some((s, c) => s.seq && before[c] & 1 && Atomics.load(i32, s.seq >> 2) === before[c]);
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 0));
  }
}

/**
 * JIT code, one whole invocation at a time, CPU after CPU: all of CPU 0's events, then CPU 1's…
 * (the interpreter gives the same results with the schedule `0xN,1xN,…`).
 */
export async function runJitSequential(
  obj: ProgramObject,
  progRef: string | number,
  opts: RunOptions,
): Promise<RunResult> {
  let p: Prepared;
  let compiled: ReturnType<typeof compileJit>;
  try {
    p = prepare(obj, progRef, opts);
    compiled = compileJit(p.prog, p.env);
  } catch (e) {
    const code = e instanceof RunError ? e.code : (e as Error).name === 'JitError' ? 'jit' : 'engine-error';
    return fail(opts, 'deterministic', code, e instanceof Error ? e.message : String(e));
  }
  const { o, set, slots } = p;
  const res = base(o, 'deterministic');
  const over: Partial<HelperEnv> = {};
  const helpers = slots.map((_, c) => createHelperFn(set.mem.memory, c, over));
  let cpu = 0;
  const inst = instantiateJit(compiled, set.mem.memory, (id, r1, r2, r3, r4, r5) =>
    helpers[cpu](id, r1, r2, r3, r4, r5),
  );
  inst.budget = o.insnBudget;
  const t0 = performance.now();
  try {
    for (cpu = 0; cpu < o.cpus; cpu++) {
      inst.cpu = cpu;
      const s = slots[cpu];
      for (let e = 0; e < o.events; e++) inst.runMany(1, s.ctx, s.tmpl, s.ctxLen, s.fp);
    }
  } catch (e) {
    const code = e instanceof JitRunError ? e.code : 'fault';
    res.error = { code, message: `cpu ${cpu}: ${(e as Error).message}`, cpu, pc: (e as JitRunError).pc };
  }
  res.durationNs = Math.round((performance.now() - t0) * 1e6);
  res.nsPerEvent = o.cpus * o.events ? res.durationNs / (o.cpus * o.events) : 0;
  return finish(res, set);
}

registerEngines({ runParallel, runJitSequential });
