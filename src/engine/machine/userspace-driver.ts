/**
 * The lab's userspace script as a participant of the deterministic schedule. The script gets
 * the libbpf-like API of src/engine/userspace/ (`createUserspace`), whose every map operation
 * first awaits the `gate` hook: the operation runs only when the scheduler picks the userspace
 * participant (one step), then the script continues to its next operation. Hooks here:
 * - `gate`: the scheduling point;
 * - `sleep(ms)`: only a scheduling point (simulated time does not follow the wall clock);
 * - `synchronize`: parks the script until every invocation running at the call has returned
 *   (what the kernel does after an outer-map update), checked after every CPU burst;
 * - non-blocking locks: an operation that meets a lock held by a CPU is retried at the next
 *   scheduling point by the API itself.
 */
import { createUserspace } from '../userspace/index.ts';
import type { UserspaceScript } from './options.ts';

interface MachineLike {
  readonly w: { set: import('../maps/index.ts').MapSet };
  readonly inInvocation: boolean[];
  readonly eventsDone: number[];
  /** Whether any CPU still has an invocation running or events to run. */
  cpusRunning(): boolean;
  fail(info: { code: string; message: string }): void;
}

export class UserspaceDriver {
  /** An operation is waiting for its turn. */
  ready = false;
  done = false;
  private grant: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private sync: { waitFor: [number, number][]; resolve: () => void } | null = null;
  private deadline = Number.POSITIVE_INFINITY;

  constructor(
    private readonly m: MachineLike,
    private readonly script: UserspaceScript,
  ) {}

  /** The script waits in `synchronize` for running invocations to return. */
  get syncPending(): boolean {
    return this.sync !== null;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves when the script is parked (next operation, synchronize) or has ended. */
  private settle(): Promise<void> {
    if (this.ready || this.done || this.sync) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const left = Math.max(0, this.deadline - performance.now());
      const timer = setTimeout(() => {
        this.m.fail({
          code: 'time-limit',
          message: 'the userspace script did not reach its next map operation in time',
        });
        this.done = true;
        resolve();
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private gate(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.grant = resolve;
      this.ready = true;
      this.notify();
    });
  }

  private synchronize(): Promise<void> {
    const waitFor: [number, number][] = [];
    this.m.inInvocation.forEach((running, c) => {
      if (running) waitFor.push([c, this.m.eventsDone[c]]);
    });
    if (waitFor.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.sync = { waitFor, resolve };
      this.notify();
    });
  }

  /** Starts the script and lets it run to its first operation. */
  async start(deadline: number): Promise<void> {
    this.deadline = deadline;
    const api = createUserspace(this.m.w.set, {
      gate: () => this.gate(),
      sleep: () => this.gate(),
      synchronize: () => this.synchronize(),
      cpusRunning: () => this.m.cpusRunning(),
      blocking: false,
    });
    const settled = this.settle();
    Promise.resolve()
      .then(() => this.script(api))
      .then(
        () => {
          this.done = true;
          this.ready = false;
          this.notify();
        },
        (e: unknown) => {
          this.done = true;
          this.ready = false;
          this.m.fail({
            code: 'userspace',
            message: `userspace script failed: ${e instanceof Error ? e.message : String(e)}`,
          });
          this.notify();
        },
      );
    await settled;
  }

  /** Performs the waiting operation and lets the script run until it parks again. */
  async step(): Promise<boolean> {
    if (!this.ready || !this.grant) return false;
    const g = this.grant;
    this.grant = null;
    this.ready = false;
    const settled = this.settle();
    g();
    await settled;
    return true;
  }

  /** After CPU progress: releases a `synchronize` whose invocations have all returned. */
  async checkSync(): Promise<void> {
    const s = this.sync;
    if (!s) return;
    if (s.waitFor.some(([c, ev]) => this.m.inInvocation[c] && this.m.eventsDone[c] === ev)) return;
    this.sync = null;
    const settled = this.settle();
    s.resolve();
    await settled;
  }
}
