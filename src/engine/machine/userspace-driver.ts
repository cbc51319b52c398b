/**
 * The lab's userspace script as a participant of the deterministic schedule. The script is an
 * async function; every call it makes on the API object is a scheduling point: the call waits
 * until the scheduler picks the userspace participant, then runs (one step), and the script
 * continues to its next call. `sleep(ms)` is only a scheduling point (simulated time does not
 * pass by the wall clock). The API object itself comes from userspace-link.ts.
 */
import type { UserspaceScript } from './options.ts';
import { userspaceApi } from './userspace-link.ts';

interface MachineLike {
  readonly w: { set: import('../maps/index.ts').MapSet };
  fail(info: { code: string; message: string }): void;
}

export class UserspaceDriver {
  /** An operation is waiting for its turn. */
  ready = false;
  done = false;
  private grant: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private deadline = Number.POSITIVE_INFINITY;

  constructor(
    private readonly m: MachineLike,
    private readonly script: UserspaceScript,
  ) {}

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves when the script waits at its next operation or has ended (or time is up). */
  private settle(): Promise<void> {
    if (this.ready || this.done) return Promise.resolve();
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

  /** Gates every function of `api`: it runs only when granted a step. */
  private wrap(api: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(api)) {
      if (typeof v !== 'function') out[k] = v;
      else if (k === 'sleep') out[k] = () => this.gate();
      else
        out[k] = async (...args: unknown[]) => {
          await this.gate();
          return (v as (...a: unknown[]) => unknown).apply(api, args);
        };
    }
    return out;
  }

  /** Starts the script and lets it run to its first operation. */
  async start(deadline: number): Promise<void> {
    this.deadline = deadline;
    const api = this.wrap(userspaceApi(this.m.w.set));
    const settled = this.settle();
    this.script(api).then(
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

  /** Performs the waiting operation and lets the script run to its next one. */
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
}
