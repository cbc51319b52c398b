/**
 * The program object: what the compiler (or the ELF loader) produces and what the verifier and
 * the machine consume. It is the engine's equivalent of a relocated BPF ELF object as libbpf
 * sees it just before loading: maps (including .bss/.data/.rodata as single-entry ARRAY maps),
 * and per program a flat instruction array with subprograms appended, map references already
 * in pseudo `lddw` form (see isa/insn.ts).
 */
import type { Insn } from './isa/insn.ts';

/** Kernel `enum bpf_map_type` values. */
export const MapType = {
  HASH: 1,
  ARRAY: 2,
  PERCPU_HASH: 5,
  PERCPU_ARRAY: 6,
  ARRAY_OF_MAPS: 12,
  HASH_OF_MAPS: 13,
} as const;
export type MapTypeId = (typeof MapType)[keyof typeof MapType];

/** Kernel `enum bpf_prog_type` names (lower case, without the BPF_PROG_TYPE_ prefix). */
export type ProgType =
  | 'socket_filter'
  | 'kprobe'
  | 'sched_cls'
  | 'sched_act'
  | 'tracepoint'
  | 'xdp'
  | 'perf_event'
  | 'cgroup_skb'
  | 'raw_tracepoint'
  | 'tracing'
  | 'lsm';

export interface SourceLoc {
  file: string;
  line: number;
  col: number;
}

/** C type layout, enough to print values by field name and to find the spin lock. */
export type TypeLayout =
  | { kind: 'int'; name: string; size: 1 | 2 | 4 | 8; signed: boolean }
  | { kind: 'ptr'; name: string; size: 8 }
  | { kind: 'array'; name: string; size: number; elem: TypeLayout; len: number }
  | { kind: 'struct' | 'union'; name: string; size: number; fields: FieldLayout[] }
  | { kind: 'spin_lock'; name: 'struct bpf_spin_lock'; size: 4 };

export interface FieldLayout {
  name: string;
  offset: number;
  type: TypeLayout;
}

export interface MapDef {
  name: string;
  /** 'map' for maps declared in SEC(".maps"); otherwise a global-variable section. */
  kind: 'map' | 'bss' | 'data' | 'rodata';
  type: MapTypeId;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  key?: TypeLayout;
  value?: TypeLayout;
  /** Offset of the `struct bpf_spin_lock` in the value, or -1. */
  spinLockOff: number;
  /** Map-in-map: the inner map template (`__array(values, struct inner)`). */
  inner?: MapDef;
  /** Map-in-map initialiser `.values = { [i] = &inner_map }`: slot → map name. */
  initValues?: { index: number; map: string }[];
  /** Global sections: the initial bytes of the single value (zeros for .bss). */
  initial?: Uint8Array;
  /** Global sections: the variables in the value, by name. */
  vars?: { name: string; offset: number; type: TypeLayout }[];
}

export interface BpfProgram {
  /** The C function name. */
  name: string;
  /** The SEC("...") string, e.g. "tracepoint/raw_syscalls/sys_enter" or "xdp". */
  section: string;
  type: ProgType;
  /** Attach target derived from the section, e.g. "raw_syscalls/sys_enter"; "" if none. */
  attachTo: string;
  insns: Insn[];
  /** Per slot: where in the source it came from (null for filler slots). */
  lines: (SourceLoc | null)[];
  /** Function entry points; index 0 is the program itself at slot 0. */
  funcs: { name: string; start: number }[];
}

export interface ProgramObject {
  programs: BpfProgram[];
  maps: MapDef[];
  /** The license string from SEC("license"), if any ("GPL" enables GPL-only helpers). */
  license: string;
}
