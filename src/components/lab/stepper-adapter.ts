/**
 * Adapts the machine's `createStepper` to the small interface the step session needs: the next
 * instruction of each CPU, one step of one CPU (with the shared-memory access it made), the
 * shared variables, and the final results. Kept apart so that a change in the machine's stepper
 * touches one file of the UI.
 */
import type { ProgramObject } from '../../engine/object.ts';
import type { RunResult } from '../../engine/results.ts';
import type { Engine } from './engine-link.ts';
import type { DisasmLine, MemAccess, StepCpu } from './protocol.ts';

export interface StepperLike {
  cpu(i: number): StepCpu;
  step(cpu: number): Promise<MemAccess | undefined>;
  memory(): { what: string; value: string }[];
  result(): Promise<RunResult | undefined>;
}

export function adaptStepper(
  engine: Engine,
  _object: ProgramObject,
  _prog: number,
  _cpus: number,
  _events: number,
  _lab: string,
  _disasm: DisasmLine[],
): StepperLike {
  if (!engine.createStepper) throw new Error('step mode needs the machine, which this build does not have yet');
  throw new Error('step mode: the machine stepper is not wired yet');
}
