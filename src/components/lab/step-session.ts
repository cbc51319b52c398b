/**
 * A step-mode session inside the lab worker: the reader is the scheduler. It wraps the
 * machine's stepper (`createStepper`: one instruction of a chosen CPU per step, undo by replay,
 * schedule strings that replay a run exactly) and turns its state into the protocol's
 * StepState: each CPU's next line and instruction, the shared variables with the last access to
 * each, and the timeline. Not here: rendering (step-view.ts).
 */
import { type Stepper, type StepperState, type TraceEntry, USERSPACE } from '../../engine/machine/index.ts';
import type { Value } from '../../engine/results.ts';
import type { Engine } from './engine-link.ts';
import type { DisasmLine, MemAccess, StepState } from './protocol.ts';

const show = (v: Value): string => {
  if (typeof v === 'bigint' || typeof v === 'number') return v.toString();
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${k}: ${show(x)}`)
    .join(', ')} }`;
};

function access(t: TraceEntry): MemAccess | undefined {
  const a = t.access;
  if (!a) return undefined;
  // An atomic read-modify-write is shown as a write of the new value.
  return {
    cpu: t.cpu,
    kind: a.kind === 'read' ? 'read' : 'write',
    what: a.what ?? `0x${a.addr.toString(16)}`,
    value: a.value.toString(),
  };
}

export class StepSession {
  /** Instruction text by pc, as the <Disasm> cells print it (globals by name). */
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly engine: Engine,
    private readonly stepper: Stepper,
    private readonly lab: string,
    disasm: DisasmLine[],
  ) {
    for (const d of disasm) this.texts.set(d.pc, d.text);
  }

  /** Resolves when the machine is ready to step (it starts asynchronously). */
  ready(): Promise<void> {
    return this.stepper.ready();
  }

  /** The userspace script's next map operation (it may wait for running programs first). */
  async stepUserspace(): Promise<void> {
    if (!this.stepper.canStepUserspace()) throw new Error('userspace cannot take a step now');
    await this.stepper.stepUserspace();
  }

  step(cpu: number): void {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.stepper.cpus) {
      throw new Error(`no CPU ${cpu}: this run has CPUs 0-${this.stepper.cpus - 1}`);
    }
    this.stepper.step(cpu);
  }

  async undo(): Promise<void> {
    await this.stepper.undo();
  }

  async replay(schedule: string): Promise<void> {
    await this.stepper.replay(schedule);
  }

  async state(): Promise<StepState> {
    const s: StepperState = this.stepper.state();
    const timeline = s.trace
      .filter((t) => t.cpu >= 0 || t.cpu === USERSPACE)
      .map((t) => ({
        cpu: t.cpu,
        line: t.line?.line ?? null,
        insn: this.texts.get(t.pc) ?? t.insn,
        access: access(t),
      }));
    const lastOf = new Map<string, MemAccess>();
    for (const t of timeline) if (t.access) lastOf.set(t.access.what, t.access);
    const memory = Object.entries(s.globals).map(([what, v]) => ({ what, value: show(v), last: lastOf.get(what) }));
    const state: StepState = {
      ...(s.userspace
        ? {
            userspace: {
              ready: this.stepper.canStepUserspace(),
              done: s.userspace.done,
              waiting: s.userspace.waitingForPrograms,
            },
          }
        : {}),
      cpus: s.cpus.map((c) => ({
        cpu: c.cpu,
        line: c.line?.line ?? null,
        pc: c.pc,
        insn: this.texts.get(c.pc) ?? c.insn,
        finished: c.event,
        done: c.done,
      })),
      timeline,
      memory,
      schedule: s.schedule,
      done: s.cpus.every((c) => c.done) || s.error !== undefined,
    };
    if (state.done) {
      const result = await this.stepper.finish();
      state.result = result;
      state.checks = this.engine.grade(this.lab, result);
    }
    return state;
  }
}
