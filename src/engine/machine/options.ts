/**
 * Options of a run (`run()`, `createStepper()`), with their defaults and validation. Bad
 * options are reported as a RunError with a stable code, never as a crash deeper down.
 */
import type { Userspace } from '../userspace/index.ts';

export type SchedulerKind = 'random' | 'round-robin';

export interface RunOptions {
  /** Simulated CPUs (default 1). */
  cpus?: number;
  /** Program invocations per CPU (default 1). */
  events?: number;
  /** 'deterministic' (interpreter + scheduler, default) or 'parallel' (workers). */
  mode?: 'parallel' | 'deterministic';
  /** 'interp' (default) or 'jit' (parallel mode). */
  engine?: 'interp' | 'jit';
  /** Deterministic mode: who picks the next CPU (default 'random'; ignored with `schedule`). */
  scheduler?: SchedulerKind;
  /** Seed of the random scheduler and of bpf_get_prandom_u32 (default 1). */
  seed?: bigint | number;
  /** An explicit schedule string (schedule.ts) to replay. */
  schedule?: string;
  /** Packet bytes for xdp / tc / socket filter events (default 64 zero bytes). */
  packet?: Uint8Array;
  /** Instruction budget per invocation (default 1,000,000, like the kernel's 1M limit). */
  insnBudget?: number;
  /** Wall-clock limit of the whole run in ms (default 10,000). */
  timeLimitMs?: number;
  /** Record the trace (deterministic mode): `runTraced()` returns it; always on in the stepper. */
  trace?: boolean;
  /** Maximum trace entries kept (default 100,000). */
  traceLimit?: number;
  /** A lab's userspace script, one more participant of the deterministic schedule. */
  userspace?: UserspaceScript;
  /** Lab id copied into the result. */
  lab?: string;
}

/**
 * A userspace participant: an async function given the libbpf-like API (src/engine/userspace/).
 * In deterministic mode each of its map operations is a scheduling point: the operation runs
 * only when the scheduler picks the userspace participant.
 */
export type UserspaceScript = (bpf: Userspace) => Promise<void>;

export class RunError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RunError';
  }
}

export interface ResolvedOptions {
  cpus: number;
  events: number;
  mode: 'parallel' | 'deterministic';
  engine: 'interp' | 'jit';
  scheduler: SchedulerKind;
  seed: bigint;
  schedule: string | undefined;
  packet: Uint8Array;
  insnBudget: number;
  timeLimitMs: number;
  trace: boolean;
  traceLimit: number;
  userspace: UserspaceScript | undefined;
  lab: string | undefined;
}

function int(name: string, v: number | undefined, def: number, lo: number, hi: number): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new RunError('bad-option', `${name} must be an integer in ${lo}..${hi}, got ${v}`);
  return v;
}

export function resolveOptions(o: RunOptions): ResolvedOptions {
  const mode = o.mode ?? 'deterministic';
  if (mode !== 'parallel' && mode !== 'deterministic') throw new RunError('bad-option', `unknown mode '${mode}'`);
  const engine = o.engine ?? 'interp';
  if (engine !== 'interp' && engine !== 'jit') throw new RunError('bad-option', `unknown engine '${engine}'`);
  let scheduler = o.scheduler ?? 'random';
  let schedule = o.schedule;
  let seedIn = o.seed;
  // A schedule string may name a scheduler instead of steps (schedule.ts).
  const named = schedule === undefined ? null : /^\s*(?:random:(\d+)|(round-robin))\s*$/.exec(schedule);
  // `seed:S/RUNS`: the steps of a run whose helpers (bpf_get_prandom_u32) used seed S.
  const seeded = schedule === undefined ? null : /^\s*seed:(\d+)\/(.*)$/s.exec(schedule);
  if (seeded) {
    seedIn = BigInt(seeded[1]);
    schedule = seeded[2];
  }
  if (named) {
    schedule = undefined;
    if (named[2]) scheduler = 'round-robin';
    else {
      scheduler = 'random';
      seedIn = BigInt(named[1]);
    }
  }
  if (scheduler !== 'random' && scheduler !== 'round-robin')
    throw new RunError('bad-option', `unknown scheduler '${scheduler}'`);
  let seed: bigint;
  try {
    seed = BigInt.asUintN(64, BigInt(seedIn ?? 1));
  } catch {
    throw new RunError('bad-option', `seed must be an integer, got ${o.seed}`);
  }
  const packet = o.packet ?? new Uint8Array(64);
  if (packet.length > 4096) throw new RunError('bad-option', `packet of ${packet.length} bytes exceeds 4096`);
  return {
    cpus: int('cpus', o.cpus, 1, 1, 64),
    events: int('events', o.events, 1, 0, 1e9),
    mode,
    engine,
    scheduler,
    seed,
    schedule,
    packet,
    insnBudget: int('insnBudget', o.insnBudget, 1_000_000, 1, 1e9),
    timeLimitMs: int('timeLimitMs', o.timeLimitMs, 10_000, 1, 3_600_000),
    trace: o.trace ?? false,
    traceLimit: int('traceLimit', o.traceLimit, 100_000, 0, 1e7),
    userspace: o.userspace,
    lab: o.lab,
  };
}
