/**
 * Step mode for the UI: the reader is the scheduler. `createStepper(obj, prog, opts)` builds a
 * deterministic machine with tracing on; `step(cpu)` executes exactly one instruction of that
 * CPU (starting its next invocation when the previous one returned) and returns its trace entry;
 * `state()` shows every CPU (pc, source line, next instruction, registers, done/blocked), the
 * trace so far, the globals and maps, and the schedule string. `undo()` rebuilds the machine
 * and replays every step but the last (the machine is deterministic, so the state is the same);
 * `replay(schedule)` does the same for any schedule string. `finish()` lets the seeded
 * scheduler run the rest and returns the RunResult.
 *
 * Not supported here: the userspace participant (step mode runs BPF CPUs only).
 */
import { dumpGlobals, dumpMaps } from '../maps/index.ts';
import type { ProgramObject, SourceLoc } from '../object.ts';
import type { MapEntry, RunResult, Value } from '../results.ts';
import { Status } from '../vm/cpu.ts';
import { DeterministicMachine } from './deterministic.ts';
import { RunError, type RunOptions, resolveOptions } from './options.ts';
import { parseSchedule, USERSPACE } from './schedule.ts';
import type { TraceEntry } from './trace.ts';

export type StepperOptions = Omit<RunOptions, 'mode' | 'engine' | 'trace' | 'userspace' | 'schedule'>;

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
  canStep(cpu: number): boolean;
  step(cpu: number): TraceEntry | null;
  state(opts?: { maps?: boolean }): StepperState;
  undo(): boolean;
  schedule(): string;
  replay(schedule: string): void;
  finish(): Promise<RunResult>;
}

export function createStepper(obj: ProgramObject, prog: string | number, opts: StepperOptions = {}): Stepper {
  const o = { ...resolveOptions({ ...opts, mode: 'deterministic', engine: 'interp' }), trace: true };
  const fresh = () => new DeterministicMachine(obj, prog, o);
  let m = fresh();
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

  const rebuild = (steps: number[]) => {
    m = fresh();
    choices = [];
    for (const c of steps) {
      if (m.error) break;
      if (stepOn(m, c)) choices.push(c);
    }
  };

  return {
    cpus: o.cpus,
    canStep,
    step(cpu) {
      if (!canStep(cpu)) return null;
      const e = stepOn(m, cpu);
      if (e) choices.push(cpu);
      return e;
    },
    state(opts = {}) {
      return {
        cpus: Array.from({ length: o.cpus }, (_, c) => view(c)),
        trace: m.trace.slice(),
        globals: dumpGlobals(m.w.set),
        ...(opts.maps ? { maps: dumpMaps(m.w.set) } : {}),
        schedule: m.schedule(),
        steps: m.steps,
        finished: m.finished,
        log: m.log.slice(),
        ...(m.error ? { error: m.error } : {}),
      };
    },
    undo() {
      if (choices.length === 0) return false;
      rebuild(choices.slice(0, -1));
      return true;
    },
    schedule: () => m.schedule(),
    replay(schedule) {
      const steps: number[] = [];
      for (const [p, n] of parseSchedule(schedule, o.cpus)) {
        if (p === USERSPACE) throw new RunError('bad-schedule', 'step mode has no userspace participant');
        for (let i = 0; i < n; i++) steps.push(p);
      }
      rebuild(steps);
    },
    async finish() {
      const t0 = performance.now();
      m.traceOn = false; // the rest runs at full speed; the trace keeps the stepped part
      await m.runToEnd();
      return m.result(Math.round((performance.now() - t0) * 1e6), o.lab);
    },
  };
}
