/**
 * Step mode for the UI: the reader is the scheduler. `createStepper(obj, prog, opts)` builds a
 * deterministic machine with tracing on; `step(cpu)` executes exactly one instruction of that
 * CPU (starting its next invocation when the previous one returned) and returns its trace entry;
 * `state()` shows every CPU (pc, source line, next instruction, registers, done/blocked), the
 * trace so far, the globals (and maps on request), and the schedule string. `undo()` rebuilds
 * the machine and replays every step but the last (the machine is deterministic, so the state
 * is the same); `replay(schedule)` does the same for any schedule string. `finish()` lets the
 * seeded scheduler run the rest and returns the RunResult.
 *
 * With a userspace script (`opts.userspace`), userspace is one more participant: await
 * `ready()` before the first step, and `stepUserspace()` performs its next map operation. Since
 * the script is async, `undo()` and `replay()` return promises.
 */
import { dumpGlobals, dumpMaps } from '../maps/index.ts';
import type { ProgramObject, SourceLoc } from '../object.ts';
import type { MapEntry, RunResult, Value } from '../results.ts';
import { Status } from '../vm/cpu.ts';
import { DeterministicMachine } from './deterministic.ts';
import { type ResolvedOptions, RunError, type RunOptions, resolveOptions } from './options.ts';
import { parseSchedule, USERSPACE } from './schedule.ts';
import type { TraceEntry } from './trace.ts';

export type StepperOptions = Omit<RunOptions, 'mode' | 'engine' | 'trace' | 'schedule'>;

export interface CpuView {
  cpu: number;
  /** Next instruction to execute (0 before an invocation starts). */
  pc: number;
  line: SourceLoc | null;
  insn: string;
  /** r0..r10, unsigned. */
  regs: bigint[];
  /** Invocation number in progress or next (0-based). */
  event: number;
  /** Inside an invocation. */
  running: boolean;
  /** Waiting for a spin lock held by another CPU (it tried and could not go on). */
  blocked: boolean;
  /** All events done. */
  done: boolean;
  /** BPF-to-BPF call depth. */
  depth: number;
}

export interface StepperState {
  cpus: CpuView[];
  /** The userspace participant, when there is one. */
  userspace?: { ready: boolean; done: boolean; waitingForPrograms: boolean };
  trace: TraceEntry[];
  globals: Record<string, Value>;
  /** Only with `state({ maps: true })`: dumping a big map on every step would be slow. */
  maps?: Record<string, MapEntry[]>;
  schedule: string;
  steps: number;
  finished: boolean;
  log: string[];
  error?: RunResult['error'];
}

export interface Stepper {
  readonly cpus: number;
  /** Resolves once a userspace script reached its first map operation (at once without one). */
  ready(): Promise<void>;
  canStep(cpu: number): boolean;
  step(cpu: number): TraceEntry | null;
  canStepUserspace(): boolean;
  stepUserspace(): Promise<TraceEntry | null>;
  state(opts?: { maps?: boolean }): StepperState;
  undo(): Promise<boolean>;
  schedule(): string;
  replay(schedule: string): Promise<void>;
  finish(): Promise<RunResult>;
}

export function createStepper(obj: ProgramObject, prog: string | number, opts: StepperOptions = {}): Stepper {
  let o: ResolvedOptions = { ...resolveOptions({ ...opts, mode: 'deterministic', engine: 'interp' }), trace: true };
  let m = new DeterministicMachine(obj, prog, o);
  let started = m.start();
  let choices: number[] = [];

  const stepOn = (mach: DeterministicMachine, cpu: number): TraceEntry | null => {
    const before = mach.trace.length;
    const k = mach.burst(cpu, 1);
    return k === 1 && mach.trace.length > before ? mach.trace[mach.trace.length - 1] : null;
  };

  const canStep = (cpu: number) =>
    Number.isInteger(cpu) &&
    cpu >= 0 &&
    cpu < o.cpus &&
    !m.error &&
    (m.inInvocation[cpu] || m.eventsDone[cpu] < o.events);

  const canStepUserspace = () => !m.error && m.user !== null && m.user.ready;

  const stepUser = (mach: DeterministicMachine): Promise<TraceEntry | null> => mach.userStep();

  const view = (c: number): CpuView => {
    const cpu = m.cpus[c];
    const running = m.inInvocation[c];
    const pc = running ? cpu.pc : 0;
    return {
      cpu: c,
      pc,
      line: m.w.prog.lines[pc] ?? null,
      insn: m.w.texts[pc] ?? '',
      regs: m.registers(c),
      event: m.eventsDone[c],
      running,
      blocked: running && cpu.status === Status.Blocked,
      done: !running && m.eventsDone[c] >= o.events,
      depth: cpu.depth,
    };
  };

  const rebuild = async (steps: number[]) => {
    m = new DeterministicMachine(obj, prog, o);
    started = m.start();
    await started;
    choices = [];
    for (const p of steps) {
      if (m.error) break;
      const e = p === USERSPACE ? await stepUser(m) : stepOn(m, p);
      if (e) choices.push(p);
      if (m.user?.syncPending) await m.user.checkSync();
    }
  };

  return {
    cpus: o.cpus,
    ready: () => started,
    canStep,
    step(cpu) {
      if (!canStep(cpu)) return null;
      const e = stepOn(m, cpu);
      if (e) choices.push(cpu);
      // A userspace script waiting for running programs may go on now (in a microtask).
      if (m.user?.syncPending) void m.user.checkSync();
      return e;
    },
    canStepUserspace,
    async stepUserspace() {
      await started;
      if (!canStepUserspace()) return null;
      const e = await stepUser(m);
      if (e) choices.push(USERSPACE);
      return e;
    },
    state(so = {}) {
      return {
        cpus: Array.from({ length: o.cpus }, (_, c) => view(c)),
        ...(m.user
          ? { userspace: { ready: m.user.ready, done: m.user.done, waitingForPrograms: m.user.syncPending } }
          : {}),
        trace: m.trace.slice(),
        globals: dumpGlobals(m.w.set),
        ...(so.maps ? { maps: dumpMaps(m.w.set) } : {}),
        schedule: m.schedule(false),
        steps: m.steps,
        finished: m.finished,
        log: m.log.slice(),
        ...(m.error ? { error: m.error } : {}),
      };
    },
    async undo() {
      if (choices.length === 0) return false;
      await rebuild(choices.slice(0, -1));
      return true;
    },
    schedule: () => m.schedule(false),
    async replay(schedule) {
      const seeded = /^\s*seed:(\d+)\/(.*)$/s.exec(schedule);
      const body = seeded ? seeded[2] : schedule;
      if (/^\s*(random:\d+|round-robin)\s*$/.test(body)) {
        throw new RunError(
          'bad-schedule',
          'step mode replays explicit schedules (CPU and u steps), not a scheduler name',
        );
      }
      const runs = parseSchedule(body, o.cpus);
      const seed = seeded ? BigInt(seeded[1]) : 1n;
      if (seed !== o.seed) o = { ...o, seed };
      const steps: number[] = [];
      for (const [p, n] of runs) for (let i = 0; i < n; i++) steps.push(p);
      await rebuild(steps);
    },
    async finish() {
      await started;
      const t0 = performance.now();
      m.traceOn = false; // the rest runs at full speed; the trace keeps the stepped part
      await m.runToEnd();
      return m.result(Math.round((performance.now() - t0) * 1e6), o.lab);
    },
  };
}
