/**
 * Schedule strings and the deterministic schedulers.
 *
 * A schedule is the sequence of participants that executed each step of a deterministic run:
 * a CPU number executes one instruction, `u` (the lab's userspace script) performs one map
 * operation. The string form is run-length encoded, comma-separated: `0x12,1x3,u,0x4` means
 * CPU 0 for 12 instructions, CPU 1 for 3, one userspace operation, CPU 0 for 4. `×` is
 * accepted for `x`. Replaying the string reproduces the run exactly: the interpreter, the
 * helpers (seeded) and the contexts are deterministic, so only the interleaving varies.
 *
 * Steps that could not happen (a CPU blocked on a held spin lock) are never recorded.
 *
 * A schedule string may instead name the scheduler that drove a whole run: `random:SEED` or
 * `round-robin` (long runs report this form; it replays them exactly too). Steps of a run
 * with a seed other than the default 1 carry it as a prefix, `seed:SEED/0x12,1x3`, because the
 * seed also drives bpf_get_prandom_u32.
 */
import { RunError } from './options.ts';

/** Participant of a step: CPU index, or USERSPACE. */
export const USERSPACE = -1;

export function encodeSchedule(steps: ArrayLike<number>, count = steps.length): string {
  const out: string[] = [];
  let i = 0;
  while (i < count) {
    const p = steps[i];
    let j = i + 1;
    while (j < count && steps[j] === p) j++;
    const name = p === USERSPACE ? 'u' : String(p);
    out.push(j - i === 1 ? name : `${name}x${j - i}`);
    i = j;
  }
  return out.join(',');
}

/** Parses a schedule string into [participant, count] runs; errors name the bad token. */
export function parseSchedule(text: string, cpus: number): [number, number][] {
  const runs: [number, number][] = [];
  const t = text.trim();
  if (t === '') return runs;
  let pos = 0;
  for (const tok of t.split(',')) {
    const m = /^\s*(\d+|u)\s*(?:[x×*]\s*(\d+))?\s*$/.exec(tok);
    if (!m)
      throw new RunError(
        'bad-schedule',
        `bad schedule token '${tok}' at character ${pos + 1}: expected CPU[xCOUNT] or u[xCOUNT]`,
      );
    const p = m[1] === 'u' ? USERSPACE : Number(m[1]);
    if (p !== USERSPACE && p >= cpus) {
      throw new RunError(
        'bad-schedule',
        `schedule token '${tok}' at character ${pos + 1} names CPU ${p}, but the run has ${cpus}`,
      );
    }
    const n = m[2] === undefined ? 1 : Number(m[2]);
    if (!Number.isSafeInteger(n) || n < 1) throw new RunError('bad-schedule', `bad count in schedule token '${tok}'`);
    runs.push([p, n]);
    pos += tok.length + 1;
  }
  return runs;
}

/**
 * Picks who runs next among the runnable participants (CPU indices, USERSPACE) and for at
 * most how many steps; the machine then reports how many steps actually ran.
 */
export interface Scheduler {
  next(runnable: readonly number[], current: number | null): [participant: number, maxSteps: number];
  consumed(steps: number, requested: number): void;
}

/** A small seeded generator (splitmix32-style), deterministic across engines and platforms. */
export class Rng {
  private s: number;
  constructor(seed: bigint) {
    this.s = Number(BigInt.asUintN(32, seed ^ (seed >> 32n))) | 0;
  }
  /** Uniform u32. */
  u32(): number {
    this.s = (this.s + 0x9e3779b9) | 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return this.u32() % n;
  }
}

/** When only one participant can run, it runs this many steps before the scheduler is asked again. */
const ALONE = 1 << 16;

/**
 * Seeded random: a uniformly chosen runnable participant runs a burst of 1, 2, 3… steps with
 * a geometric length (mean `mean`, default 4) — the same as deciding after every instruction,
 * with probability 1/mean, to hand the next one to a random participant. Short bursts make
 * both update-losing and clean interleavings common, as on real hardware with interrupts.
 */
export function randomScheduler(seed: bigint, mean = 4): Scheduler {
  const rng = new Rng(seed);
  return {
    next(runnable) {
      if (runnable.length === 1) return [runnable[0], ALONE];
      const p = runnable[rng.below(runnable.length)];
      let n = 1;
      while (n < 1024 && rng.below(mean) !== 0) n++;
      return [p, n];
    },
    consumed() {},
  };
}

/** Round-robin: one step each, in CPU order, userspace last. */
export function roundRobinScheduler(): Scheduler {
  let last: number | null = null;
  const rank = (p: number) => (p === USERSPACE ? Number.MAX_SAFE_INTEGER : p);
  return {
    next(runnable) {
      if (runnable.length === 1) return [runnable[0], ALONE];
      const sorted = [...runnable].sort((a, b) => rank(a) - rank(b));
      const pick = last === null ? sorted[0] : (sorted.find((p) => rank(p) > rank(last as number)) ?? sorted[0]);
      last = pick;
      return [pick, 1];
    },
    consumed() {},
  };
}

/**
 * Replays parsed schedule runs; when a named participant cannot run (a hand-written schedule
 * naming a finished CPU) its run is dropped, and when the schedule is used up `fallback`
 * decides, so a schedule never wedges a run.
 */
export function explicitScheduler(runs: [number, number][], fallback: Scheduler): Scheduler {
  let i = 0;
  let left = runs.length > 0 ? runs[0][1] : 0;
  let fromFallback = false;
  const advance = () => {
    i++;
    left = i < runs.length ? runs[i][1] : 0;
  };
  return {
    next(runnable, current) {
      while (i < runs.length) {
        if (runnable.includes(runs[i][0])) {
          fromFallback = false;
          return [runs[i][0], left];
        }
        advance();
      }
      fromFallback = true;
      return fallback.next(runnable, current);
    },
    consumed(steps, requested) {
      if (fromFallback) return fallback.consumed(steps, requested);
      left -= steps;
      if (left <= 0 || steps < requested) advance();
    },
  };
}
