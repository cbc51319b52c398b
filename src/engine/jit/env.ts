/**
 * What the JIT needs to know about the machine it compiles for: how maps appear to a program
 * (the value `lddw rX, map` loads, where global values live, and for ARRAY/PERCPU_ARRAY maps
 * the layout that lets `bpf_map_lookup_elem` be inlined), the shared memory's page limits, and
 * the helper ids it inlines. The machine (or a test) fills this in from its own memory layout;
 * the JIT never allocates BPF-visible memory itself.
 */

export interface JitMapInfo {
  /** The value `lddw rX, map` (BPF_PSEUDO_MAP_FD) loads: the engine's map handle. */
  handle: bigint;
  /** Address of the (first) value, for `lddw` BPF_PSEUDO_MAP_VALUE (globals); -1 if none. */
  valueAddr: number;
  /**
   * ARRAY and PERCPU_ARRAY maps laid out as `base + key * keyStride + cpu * cpuStride`
   * (cpuStride 0 for a shared ARRAY): lets the JIT inline lookups. Omit to call the helper.
   */
  array?: { base: number; keyStride: number; cpuStride: number; maxEntries: number };
}

export interface JitEnv {
  maps: JitMapInfo[];
  /**
   * Limits the module declares for the imported shared memory, in 64 KiB pages. The Memory's
   * current size must be ≥ min and its maximum ≤ max; the default (1, 65536) accepts any shared
   * memory, including one that grows later.
   */
  memoryPages?: { min: number; max: number };
  /** Inline the hot helpers (lookup on arrays, smp_processor_id, spin lock). Default true. */
  inlineHelpers?: boolean;
  /**
   * Where a map descriptor keeps what an array lookup needs (word indices from the
   * descriptor's address; see maps/descriptor.ts): lets the JIT inline lookups on ARRAY,
   * PERCPU_ARRAY and ARRAY_OF_MAPS maps it only learns at run time (inner maps of
   * map-in-map). Omit to call the helper for those.
   */
  descriptor?: {
    type: number;
    maxEntries: number;
    stride: number;
    data: number;
    pcpu: number;
    pcpuPlane: number;
  };
  /**
   * bpf_get_current_pid_tgid as a constant per CPU, `tgid << 32 | (pidBase + cpu)` (the
   * machine's synthetic process), so the counter labs' tgid filter costs no call out of wasm.
   * Omit to call the helper.
   */
  pidTgid?: { tgid: number; pidBase: number };
  /** Spin iterations before a contended spin lock falls back to memory.atomic.wait32. */
  spinLimit?: number;
}

/** Kernel helper ids the JIT knows by name. */
export const Helper = {
  map_lookup_elem: 1,
  get_smp_processor_id: 8,
  get_current_pid_tgid: 14,
  spin_lock: 93,
  spin_unlock: 94,
} as const;

/** Each BPF-to-BPF call frame gets its own stack below its caller's (MAX_BPF_STACK). */
export const FRAME_SIZE = 512;
/** Call frames per invocation, the program's own included (the kernel's MAX_CALL_FRAMES). */
export const MAX_FRAMES = 8;

/** errCode values the compiled module leaves in its `errCode` global before it traps. */
export const JitErr = { none: 0, budget: 1, fallOff: 2, lock: 3, callDepth: 4 } as const;
