/**
 * The deterministic machine: N simulated CPUs × M events on the interpreter, one instruction
 * at a time in the order a scheduler picks (schedule.ts), plus optionally the lab's userspace
 * script as one more participant whose map operations are the scheduling points.
 *
 * Each CPU runs its `events` invocations one after another, each with a fresh context and the
 * CPU's own stack; an invocation never migrates. A CPU whose helper would block (a held
 * bpf_spin_lock) is set aside until another participant makes progress, so the scheduler runs
 * someone else — the lock holder eventually. If nobody can run, the run reports a deadlock.
 *
 * What ran is recorded as a run-length schedule (replayable exactly) and, if asked, as a trace
 * of every instruction with the shared memory it touched. Faults, the per-invocation
 * instruction budget and the wall-clock limit end the run with `error`, never a hang.
 */
import { dumpGlobals, dumpMaps } from '../maps/index.ts';
import { H, logDrain } from '../memory/index.ts';
import type { ProgramObject } from '../object.ts';
import type { RunResult } from '../results.ts';
import { type CpuState, createCpu, getReg, resetCpu, Status } from '../vm/cpu.ts';
import { execute } from '../vm/interpreter.ts';
import { fillContext } from './context.ts';
import { type ResolvedOptions, RunError } from './options.ts';
import {
  explicitScheduler,
  parseSchedule,
  randomScheduler,
  roundRobinScheduler,
  type Scheduler,
  USERSPACE,
} from './schedule.ts';
import { type TraceEntry, takeAccess } from './trace.ts';
import { UserspaceDriver } from './userspace-driver.ts';
import { createWorld, type World } from './world.ts';

/** Above this many runs, a purely scheduler-driven run reports its scheduler, not its steps. */
export const MAX_SCHEDULE_TOKENS = 2000;

export type RunErrorInfo = NonNullable<RunResult['error']>;

export class DeterministicMachine {
  readonly w: World;
  readonly o: ResolvedOptions;
  readonly cpus: CpuState[];
  /** Completed invocations per CPU. */
  readonly eventsDone: number[];
  readonly inInvocation: boolean[];
  readonly blocked: boolean[];
  readonly trace: TraceEntry[] = [];
  readonly log: string[] = [];
  traceOn: boolean;
  error: RunErrorInfo | undefined;
  steps = 0;
  readonly user: UserspaceDriver | null;
  private readonly sched: Scheduler;
  /** The schedule so far: participants and counts of consecutive steps. */
  private readonly runP: number[] = [];
  private readonly runN: number[] = [];
  private readonly heapLo: number;
  private deadline = Number.POSITIVE_INFINITY;
  /** Instructions of finished invocations per CPU, and that count plus the current invocation's
   *  at the start of the running burst: with `steps`, an exact global instruction clock. */
  private readonly cpuTotal: number[];
  private burstBase = 0;

  constructor(obj: ProgramObject, prog: string | number, opts: ResolvedOptions) {
    this.o = opts;
    this.w = createWorld(obj, prog, opts, (c) => this.steps + this.cpuTotal[c] + this.cpus[c].insns - this.burstBase);
    this.traceOn = opts.trace;
    this.cpus = [];
    for (let c = 0; c < opts.cpus; c++) this.cpus.push(createCpu(c, this.w.mem.stackTop(c), opts.insnBudget));
    this.eventsDone = new Array(opts.cpus).fill(0);
    this.cpuTotal = new Array(opts.cpus).fill(0);
    this.inInvocation = new Array(opts.cpus).fill(false);
    this.blocked = new Array(opts.cpus).fill(false);
    this.heapLo = this.w.mem.heapRegion()[0];
    const base = opts.scheduler === 'round-robin' ? roundRobinScheduler() : randomScheduler(opts.seed);
    this.sched = opts.schedule !== undefined ? explicitScheduler(parseSchedule(opts.schedule, opts.cpus), base) : base;
    this.user = opts.userspace ? new UserspaceDriver(this, opts.userspace) : null;
  }

  /** CPUs (and USERSPACE) that can take a step now. */
  runnable(): number[] {
    const r: number[] = [];
    for (let c = 0; c < this.cpus.length; c++) {
      if (!this.blocked[c] && (this.inInvocation[c] || this.eventsDone[c] < this.o.events)) r.push(c);
    }
    if (this.user?.ready) r.push(USERSPACE);
    return r;
  }

  /** Whether any CPU still has an invocation running or events to run (userspace may ask). */
  cpusRunning(): boolean {
    for (let c = 0; c < this.cpus.length; c++)
      if (this.inInvocation[c] || this.eventsDone[c] < this.o.events) return true;
    return false;
  }

  /** True when every CPU ran all its events (and userspace finished), or the run failed. */
  get finished(): boolean {
    if (this.error) return true;
    return !this.cpusRunning() && (!this.user || this.user.done);
  }

  private begin(c: number): void {
    const cpu = this.cpus[c];
    const { prog, mem } = this.w;
    const ctx = fillContext(mem, prog.type, prog.attachTo, c, this.eventsDone[c], this.o.packet);
    resetCpu(cpu, ctx.ctx);
    const rg = cpu.regions;
    rg.length = 0;
    for (const x of ctx.regions) rg.push(x);
    rg.push(this.heapLo, Atomics.load(mem.i32, H.BRK) >>> 0);
    this.inInvocation[c] = true;
  }

  private end(c: number): void {
    this.inInvocation[c] = false;
    this.cpuTotal[c] += this.cpus[c].insns;
    this.cpus[c].insns = 0;
    this.eventsDone[c]++;
    this.drainLog();
  }

  drainLog(): void {
    const i32 = this.w.mem.i32;
    if (Atomics.load(i32, H.LOG_HEAD) === Atomics.load(i32, H.LOG_TAIL) && i32[H.LOG_DROPPED] === 0) return;
    const { records, dropped } = logDrain(this.w.mem);
    for (const r of records) this.log.push(r.text.replace(/\n$/, ''));
    if (dropped > 0) this.log.push(`[${dropped} log records dropped]`);
  }

  /** The heap may have grown (inner maps created by userspace): widen every CPU's region. */
  refreshHeap(): void {
    const brk = Atomics.load(this.w.mem.i32, H.BRK) >>> 0;
    for (const cpu of this.cpus) if (cpu.regions.length >= 2) cpu.regions[cpu.regions.length - 1] = brk;
  }

  fail(info: RunErrorInfo): void {
    if (!this.error) this.error = info;
  }

  private faulted(c: number): void {
    const cpu = this.cpus[c];
    const f = cpu.fault!;
    const loc = this.w.prog.lines[f.pc];
    const where = loc ? ` (${loc.file}:${loc.line})` : '';
    this.fail({
      code: f.code,
      message: `CPU ${c}, event ${this.eventsDone[c]}, insn ${f.pc}${where}: ${f.message}`,
      cpu: c,
      pc: f.pc,
    });
  }

  record(p: number, n: number): void {
    const last = this.runP.length - 1;
    if (last >= 0 && this.runP[last] === p) this.runN[last] += n;
    else {
      this.runP.push(p);
      this.runN.push(n);
    }
    this.steps += n;
    // Someone made progress: a CPU waiting on a lock may be able to go on.
    for (let c = 0; c < this.blocked.length; c++) if (c !== p) this.blocked[c] = false;
  }

  /** Runs up to `n` instructions on CPU `c` (across its invocations); returns how many ran. */
  burst(c: number, n: number): number {
    const cpu = this.cpus[c];
    const { code, host } = this.w;
    this.burstBase = this.cpuTotal[c] + cpu.insns;
    let done = 0;
    while (done < n && !this.error) {
      if (!this.inInvocation[c]) {
        if (this.eventsDone[c] >= this.o.events) break;
        this.begin(c);
      }
      let k: number;
      if (this.traceOn) {
        const pc = cpu.pc;
        cpu.accKind = 0;
        k = execute(cpu, code, host, 1);
        if (k === 1) this.pushTrace(c, pc, this.steps + done);
      } else k = execute(cpu, code, host, n - done);
      done += k;
      if (cpu.status === Status.Exited) this.end(c);
      else if (cpu.status === Status.Blocked) {
        this.blocked[c] = true;
        break;
      } else if (cpu.status === Status.Faulted) {
        this.faulted(c);
        break;
      }
    }
    if (done > 0) this.record(c, done);
    return done;
  }

  private pushTrace(c: number, pc: number, step: number): void {
    if (this.trace.length >= this.o.traceLimit) return;
    const cpu = this.cpus[c];
    this.trace.push({
      step,
      cpu: c,
      event: this.eventsDone[c],
      pc,
      insn: this.w.texts[pc] ?? '',
      line: this.w.prog.lines[pc] ?? null,
      access: takeAccess(cpu, this.w.sym),
    });
  }

  /**
   * One scheduling decision: asks the scheduler and runs the burst. Returns false when nothing
   * can run, a promise only when userspace is involved — CPU bursts stay synchronous, because
   * an await per decision would cost more than the burst itself.
   */
  tick(): boolean | Promise<boolean> {
    if (this.user?.syncPending) return this.user.checkSync().then(() => this.decide());
    return this.decide();
  }

  private decide(): boolean | Promise<boolean> {
    const r = this.runnable();
    if (r.length === 0) {
      if (!this.finished) {
        this.fail({
          code: 'deadlock',
          message: 'every CPU with work left is waiting for a lock that nobody can release',
        });
      }
      return false;
    }
    const cur = this.runP.length ? this.runP[this.runP.length - 1] : null;
    const [p, n] = this.sched.next(r, cur);
    if (p === USERSPACE) {
      // Userspace takes one operation per decision, whatever burst the scheduler offered.
      return this.userStep().then((e) => {
        this.sched.consumed(e ? 1 : 0, 1);
        return true;
      });
    }
    this.sched.consumed(this.burst(p, n), n);
    return true;
  }

  /** Runs to the end (or the first error); the wall-clock limit counts from here. */
  private startOnce: Promise<void> | null = null;

  /** Starts the userspace script (once), letting it run to its first map operation. */
  start(): Promise<void> {
    if (!this.startOnce) {
      this.startOnce = this.user ? this.user.start(performance.now() + this.o.timeLimitMs) : Promise.resolve();
    }
    return this.startOnce;
  }

  /** One userspace operation, recorded in the schedule and the trace; null if it cannot run. */
  async userStep(): Promise<TraceEntry | null> {
    if (!this.user?.ready || this.error) return null;
    const step = this.steps;
    if (!(await this.user.step())) return null;
    this.record(USERSPACE, 1);
    this.refreshHeap();
    const e: TraceEntry = { step, cpu: USERSPACE, event: 0, pc: -1, insn: 'userspace map operation', line: null };
    if (this.traceOn && this.trace.length < this.o.traceLimit) this.trace.push(e);
    return e;
  }

  async runToEnd(): Promise<void> {
    this.deadline = performance.now() + this.o.timeLimitMs;
    await this.start();
    let ticks = 0;
    while (!this.finished) {
      const t = this.tick();
      if (!(t === true || (t !== false && (await t)))) break;
      if ((++ticks & 63) === 0 && performance.now() > this.deadline) {
        this.fail({
          code: 'time-limit',
          message: `wall-clock limit of ${this.o.timeLimitMs} ms reached after ${this.steps} steps`,
        });
      }
    }
    this.drainLog();
  }

  /**
   * The schedule string of everything executed so far (schedule.ts). A long run driven only
   * by the seeded random or round-robin scheduler is summarised as that scheduler
   * (`random:SEED`, `round-robin`), which replays it just as exactly in far fewer bytes.
   */
  schedule(summarize = true): string {
    if (summarize && this.runP.length > MAX_SCHEDULE_TOKENS && this.o.schedule === undefined) {
      return this.o.scheduler === 'round-robin' ? 'round-robin' : `random:${this.o.seed}`;
    }
    const steps = this.fullSchedule();
    // The seed also drives bpf_get_prandom_u32, so a replay needs it unless it is the default.
    return this.o.seed === 1n ? steps : `seed:${this.o.seed}/${steps}`;
  }

  /** The run-length schedule, however long. */
  fullSchedule(): string {
    const out: string[] = [];
    for (let i = 0; i < this.runP.length; i++) {
      const name = this.runP[i] === USERSPACE ? 'u' : String(this.runP[i]);
      out.push(this.runN[i] === 1 ? name : `${name}x${this.runN[i]}`);
    }
    return out.join(',');
  }

  /** r0..r10 of a CPU, unsigned. */
  registers(c: number): bigint[] {
    const cpu = this.cpus[c];
    const out: bigint[] = [];
    for (let r = 0; r <= 10; r++) out.push(getReg(cpu, r));
    return out;
  }

  result(durationNs: number, lab?: string): RunResult {
    const { set } = this.w;
    const total = this.o.cpus * this.o.events;
    const res: RunResult = {
      engine: 'interp',
      cpus: this.o.cpus,
      eventsPerCpu: this.o.events,
      mode: 'deterministic',
      globals: dumpGlobals(set),
      maps: dumpMaps(set),
      checks: [],
      durationNs,
      nsPerEvent: total > 0 ? durationNs / total : 0,
      schedule: this.schedule(),
      log: this.log.slice(),
    };
    if (lab) res.lab = lab;
    if (this.error) res.error = this.error;
    return res;
  }
}

export { RunError };
