/**
 * The verification environment shared by the transfer functions and checks: the program, its
 * object (maps), id generation, and the error type. A check that fails throws `VerifyError`
 * with the kernel's message; earlier lines the kernel prints first (e.g. the
 * `invalid access to map value, ...` line before `R1 min value is outside ...`) go in `pre`.
 */
import type { Insn } from '../isa/insn.ts';
import type { BpfProgram, ProgramObject } from '../object.ts';

export class VerifyError extends Error {
  constructor(
    message: string,
    readonly pre: string[] = [],
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}

export function fail(message: string, ...pre: string[]): never {
  throw new VerifyError(message, pre);
}

export interface Env {
  obj: ProgramObject;
  prog: BpfProgram;
  insns: Insn[];
  /** Index of the instruction being checked. */
  pc: number;
  idGen: number;
  /** The kernel's nr_cpu_ids: bpf_get_smp_processor_id returns [0, nrCpus - 1]. */
  nrCpus: number;
}

export const nextId = (env: Env): number => ++env.idGen;

/** Largest offset magnitude the kernel allows in pointer arithmetic (BPF_MAX_VAR_OFF). */
export const MAX_VAR_OFF = 1 << 29;
