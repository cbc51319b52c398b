/**
 * The verification environment shared by the transfer functions and checks: the program, its
 * object (maps), id generation, and the error type. A check that fails throws `VerifyError`
 * with the kernel's message; earlier lines the kernel prints first (e.g. the
 * `invalid access to map value, ...` line before `R1 min value is outside ...`) go in `pre`.
 */
import type { Insn } from '../isa/insn.ts';
import { type BpfProgram, type MapDef, MapType, type ProgramObject } from '../object.ts';

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
  /** Deepest stack access of each function (by first instruction) over all paths. */
  stackDepth: Map<number, number>;
}

export const nextId = (env: Env): number => ++env.idGen;

/** Largest offset magnitude the kernel allows in pointer arithmetic (BPF_MAX_VAR_OFF). */
export const MAX_VAR_OFF = 1 << 29;

/**
 * Per-CPU maps cannot hold a bpf_spin_lock: the kernel refuses to create them with BTF, libbpf
 * then creates them without BTF, and the verifier sees a map without BTF.
 */
export const mapHasBtf = (m: MapDef): boolean =>
  !(m.spinLockOff >= 0 && (m.type === MapType.PERCPU_ARRAY || m.type === MapType.PERCPU_HASH));

/** Offset of the map value's bpf_spin_lock as the verifier sees it, or -1. */
export const lockOff = (m: MapDef): number => (mapHasBtf(m) ? m.spinLockOff : -1);
