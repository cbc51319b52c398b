/**
 * The one typed protocol between the parallel machine (main side) and its CPU workers. A
 * worker gets one `init`, compiles the JIT module, attaches to the shared memory, reports
 * `ready`, waits on the start barrier, runs its events and reports `done` (or `error`, with
 * the error as `{name, message, stack}`, never a thrown object across the boundary).
 *
 * Control block: a SharedArrayBuffer separate from the engine memory (so it costs BPF no
 * bytes), Int32 words: CTL.ARRIVED counts participants at the start barrier; the last to arrive
 * sets CTL.GO = 1 (Atomics.store, then notify), the others spin on it for a while — so every
 * CPU starts within nanoseconds when cores are free — and then sleep in Atomics.wait.
 * CTL.PHASE counts arrivals at the barrier after each batch (see `phaseBarrier`). Then per CPU
 * the events done so far (Atomics.store after each batch, read by the main side to say how far
 * a stuck CPU got).
 */

export const CTL = { GO: 0, ARRIVED: 1, PARTIES: 2, PHASE: 3, PROGRESS: 4 } as const;

/** The start barrier: returns once `parties` participants have arrived. */
export function arriveAndWait(ctl: Int32Array, spins = 20_000_000): void {
  const parties = Atomics.load(ctl, CTL.PARTIES);
  if (Atomics.add(ctl, CTL.ARRIVED, 1) + 1 === parties) {
    Atomics.store(ctl, CTL.GO, 1);
    Atomics.notify(ctl, CTL.GO);
    return;
  }
  for (let i = 0; i < spins; i++) if (Atomics.load(ctl, CTL.GO) !== 0) return;
  while (Atomics.load(ctl, CTL.GO) === 0) Atomics.wait(ctl, CTL.GO, 0, 100);
}

export function controlWords(cpus: number): number {
  return CTL.PROGRESS + cpus;
}

/**
 * The barrier after batch `phase` (0-based): no CPU starts its next batch before every CPU has
 * finished this one. A CPU's whole share can take less than a scheduler time slice, so on a
 * busy machine one worker could otherwise finish before another starts and nothing would run
 * concurrently (the kernel harness in labs/common does the same with its chunks): many short
 * batches give the CPUs many chances to overlap. The last to arrive wakes the rest.
 */
export function phaseBarrier(ctl: Int32Array, phase: number, spinMs = 2): void {
  const parties = Atomics.load(ctl, CTL.PARTIES);
  const target = (phase + 1) * parties;
  if (Atomics.add(ctl, CTL.PHASE, 1) + 1 >= target) {
    Atomics.notify(ctl, CTL.PHASE);
    return;
  }
  // Spin (checking the clock now and then): a sleeping CPU would wake far too late for the
  // batches to overlap; after spinMs assume there are more CPUs than cores and sleep.
  const until = performance.now() + spinMs;
  for (let i = 1; ; i++) {
    if (Atomics.load(ctl, CTL.PHASE) >= target) return;
    if ((i & 1023) === 0 && performance.now() > until) break;
  }
  for (;;) {
    const v = Atomics.load(ctl, CTL.PHASE);
    if (v >= target) return;
    Atomics.wait(ctl, CTL.PHASE, v, 1);
  }
}

/** How a worker builds the helper import for helpers the JIT did not inline. */
export type HelperMode =
  /** Any non-inlined helper call is an error (programs built from inlined helpers only). */
  | { kind: 'none' }
  /**
   * Bare runs: get_current_pid_tgid (14) answers `pidTgid`, ktime_get_ns (5) the clock; any
   * other helper is an error. Enough for the counter programs' tgid filter.
   */
  | { kind: 'bare'; pidTgid: string }
  /** The engine's helper table (src/engine/helpers), attached to the shared engine memory. */
  | { kind: 'engine'; seed: string };

export interface InitMessage {
  type: 'init';
  cpu: number;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  wasm: Uint8Array;
  events: number;
  /** Context address, template address and length (bytes copied before each invocation). */
  ctx: number;
  tmpl: number;
  ctxLen: number;
  /** R10 of the program's frame (top of this CPU's stack). */
  fp: number;
  /** Invocation counter address (0: not tracked); see JitInstance.runMany. */
  seq: number;
  budget: number;
  /** Invocations per runMany call between progress updates. */
  batch: number;
  /** Wait at a barrier after each batch (phaseBarrier) so the CPUs' batches overlap. */
  lockstep: boolean;
  helpers: HelperMode;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** JitRunError code ('budget' | 'fault' | 'fall-off') or 'worker'. */
  code: string;
  pc?: number;
}

export type WorkerMessage =
  | { type: 'ready'; cpu: number; compileMs: number }
  /** start/end: performance.timeOrigin + performance.now() in ms, comparable across workers. */
  /** cpuNs: the worker thread's CPU time for its events (Node; null where unknown). */
  | { type: 'done'; cpu: number; ns: number; cpuNs: number | null; events: number; start: number; end: number }
  | { type: 'error'; cpu: number; events: number; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const x = e as Error & { code?: unknown; pc?: unknown };
    return {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: typeof x.code === 'string' ? x.code : 'worker',
      pc: typeof x.pc === 'number' ? x.pc : undefined,
    };
  }
  return { name: 'Error', message: String(e), code: 'worker' };
}
