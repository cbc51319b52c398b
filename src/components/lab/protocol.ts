/**
 * The one typed protocol between a lab cell (page, main thread) and its engine worker.
 * The page never calls the engine directly: it posts a `Request`, the worker answers with
 * `Progress` messages and exactly one `Reply` carrying the same `id`. Errors cross as plain
 * `{ name, message, stack }` values (structured clone drops Error subclasses and their fields).
 * This file holds types and two tiny helpers only — no DOM, no engine imports — so both sides
 * can import it without pulling the other's code.
 */
import type { Diagnostic } from '../../engine/diagnostics.ts';
import type { CheckResult, RunResult } from '../../engine/results.ts';

export type RunMode = 'parallel' | 'deterministic';

/** What the worker needs to know about a lab to run and grade it. */
export interface LabRef {
  id: string;
  /** Program to run (C function name); the first program when absent. */
  program?: string;
}

export interface RunRequest {
  type: 'run';
  id: number;
  lab: LabRef;
  source: string;
  cpus: number;
  events: number;
  mode: RunMode;
  seed?: number;
}

/** Compile only: diagnostics and the bytecode listing (for <Disasm>). */
export interface CompileRequest {
  type: 'compile';
  id: number;
  lab?: LabRef;
  source: string;
  path?: string;
}

/** Start a step-mode session; later step/undo requests act on it. */
export interface StepStartRequest {
  type: 'step-start';
  id: number;
  lab: LabRef;
  source: string;
  cpus: number;
  events: number;
  /** A schedule string to replay (from a shared URL). */
  schedule?: string;
}

export interface StepRequest {
  type: 'step';
  id: number;
  /**
   * The CPU to advance by one instruction; `STEP_UNDO` = undo the last step, `STEP_USERSPACE` =
   * the lab's userspace script performs its next map operation.
   */
  cpu: number;
}
export const STEP_UNDO = -1;
export const STEP_USERSPACE = -2;

export type Request = RunRequest | CompileRequest | StepStartRequest | StepRequest;

export type Stage = 'load' | 'compile' | 'verify' | 'run' | 'grade';

export interface Progress {
  type: 'progress';
  id: number;
  stage: Stage;
}

export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

export interface VerifierOutcome {
  accepted: boolean;
  error?: { message: string; insn: number; line: number | null };
  log: string;
  processed: number;
}

/** One line of a disassembly listing, tied to its source line. */
export interface DisasmLine {
  pc: number;
  text: string;
  line: number | null;
}

/** Everything a run produced, whichever stage it stopped at. */
export interface Outcome {
  /** The last stage reached: 'compile' = compile errors, 'verify' = rejected, 'run' = ran. */
  stage: 'compile' | 'verify' | 'run';
  diagnostics: Diagnostic[];
  verifier?: VerifierOutcome;
  result?: RunResult;
  checks: CheckResult[];
  disasm?: DisasmLine[];
  /** Engine pieces this build does not have yet (the cell says so instead of failing). */
  missing: string[];
  /** Things the reader should know about how this run was made (fallbacks). */
  notes?: string[];
}

/** One access to BPF-visible memory in step mode. */
export interface MemAccess {
  cpu: number;
  kind: 'read' | 'write';
  /** What was touched, by name where known (`counter`, `stats[0].sum`), else the address. */
  what: string;
  value: string;
}

export interface StepCpu {
  cpu: number;
  /** Source line of the next instruction (1-based), null when unknown. */
  line: number | null;
  pc: number;
  /** Text of the next instruction. */
  insn: string;
  /** Invocations finished on this CPU. */
  finished: number;
  done: boolean;
}

export interface StepState {
  cpus: StepCpu[];
  /** The lab's userspace script, when it has one: can it take a step now, has it finished. */
  userspace?: { ready: boolean; done: boolean; waiting: boolean };
  /** Steps taken so far, oldest first: who ran what (cpu -1 = userspace), and what it touched. */
  timeline: { cpu: number; line: number | null; insn: string; access?: MemAccess }[];
  /** Current values of the shared variables, by name. */
  memory: { what: string; value: string; last?: MemAccess }[];
  schedule: string;
  done: boolean;
  /** When every CPU is done: the run's results and checks. */
  result?: RunResult;
  checks?: CheckResult[];
}

export type Reply =
  | { type: 'reply'; id: number; ok: true; outcome: Outcome }
  | { type: 'reply'; id: number; ok: true; step: StepState; outcome?: Outcome }
  | { type: 'reply'; id: number; ok: false; error: WireError };

export type WorkerMessage = Progress | Reply;

export function toWireError(e: unknown): WireError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

export function fromWireError(w: WireError): Error {
  const e = new Error(w.message);
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}
