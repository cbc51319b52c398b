/**
 * A step-mode session inside the lab worker: the reader is the scheduler. It wraps the
 * machine's `createStepper` and keeps the list of CPU choices made so far, which is the
 * schedule: undo rebuilds the stepper and replays all choices but the last (the interpreter is
 * deterministic, so replaying gives the same state), and a shared URL carries that list.
 * Not here: the rendering (step-view.ts) or any scheduling policy.
 */
import type { ProgramObject } from '../../engine/object.ts';
import type { Engine } from './engine-link.ts';
import type { DisasmLine, MemAccess, StepState } from './protocol.ts';
import { adaptStepper, type StepperLike } from './stepper-adapter.ts';

/** Schedule strings in URLs: CPU numbers, one character each (0-9, a-z), e.g. "0011". */
export function encodeSchedule(choices: number[]): string {
  return choices.map((c) => c.toString(36)).join('');
}
export function decodeSchedule(s: string): number[] {
  if (!/^[0-9a-z]*$/.test(s)) throw new Error(`bad schedule "${s}": expected CPU digits 0-9, a-z`);
  return [...s].map((c) => Number.parseInt(c, 36));
}

export class StepSession {
  private stepper: StepperLike;
  private choices: number[] = [];
  private timeline: StepState['timeline'] = [];

  constructor(
    private readonly engine: Engine,
    private readonly object: ProgramObject,
    private readonly prog: number,
    private readonly lab: string,
    private readonly cpus: number,
    private readonly events: number,
    private readonly disasm: DisasmLine[],
  ) {
    this.stepper = this.fresh();
  }

  private fresh(): StepperLike {
    return adaptStepper(this.engine, this.object, this.prog, this.cpus, this.events, this.lab, this.disasm);
  }

  async step(cpu: number): Promise<void> {
    if (cpu < 0 || cpu >= this.cpus) throw new Error(`no CPU ${cpu}: this run has CPUs 0-${this.cpus - 1}`);
    const before = this.stepper.cpu(cpu);
    if (before.done) return;
    const access: MemAccess | undefined = await this.stepper.step(cpu);
    this.choices.push(cpu);
    this.timeline.push({ cpu, line: before.line, insn: before.insn, access });
  }

  async undo(): Promise<void> {
    const keep = this.choices.slice(0, -1);
    this.stepper = this.fresh();
    this.choices = [];
    this.timeline = [];
    for (const c of keep) await this.step(c);
  }

  async replay(schedule: string): Promise<void> {
    for (const c of decodeSchedule(schedule)) {
      if (c >= this.cpus) throw new Error(`schedule names CPU ${c}, but this run has ${this.cpus} CPUs`);
      await this.step(c);
    }
  }

  async state(): Promise<StepState> {
    const cpus = Array.from({ length: this.cpus }, (_, i) => this.stepper.cpu(i));
    const done = cpus.every((c) => c.done);
    const memory = this.stepper.memory().map((m) => ({
      ...m,
      last: [...this.timeline].reverse().find((t) => t.access?.what === m.what)?.access,
    }));
    const state: StepState = { cpus, timeline: this.timeline, memory, schedule: encodeSchedule(this.choices), done };
    if (done) {
      const result = await this.stepper.result();
      if (result) {
        state.result = result;
        state.checks = await this.engine.grade(this.lab, result, []);
      }
    }
    return state;
  }
}
