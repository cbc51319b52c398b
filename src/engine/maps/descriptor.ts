/**
 * A map, as every agent sees it: a descriptor of 32-bit words in shared memory (what a
 * `struct bpf_map` is to the kernel), plus the map's data areas. A register that holds "a map"
 * (after `lddw rX, map` or an inner-map lookup) holds the descriptor's address.
 *
 * Descriptor words (index from the descriptor address / 4):
 * ```
 *  0 MAGIC       DESC_MAGIC, checked on every helper call (defence in depth)
 *  1 TYPE        kernel bpf_map_type
 *  2 KEY_SIZE    3 VALUE_SIZE    4 MAX_ENTRIES    5 FLAGS
 *  6 LOCK_OFF    offset of struct bpf_spin_lock in the value, or -1
 *  7 ID          map id (1-based)          8 INDEX   index in ProgramObject.maps, or -1
 *  9 STRIDE      round_up(value_size, 8): distance between values (and per-CPU copies)
 * 10 DATA        ARRAY (and ARRAY_OF_MAPS slots): values; HASH: preallocated elements
 * 11 PCPU        PERCPU_*: start of the per-CPU planes; PCPU_PLANE (12): bytes per CPU plane
 * 13 BUCKETS     HASH: bucket array (8 bytes each: lock word, head)
 * 14 NBUCKETS    HASH: power of two ≥ max_entries
 * 15 ELEM_SIZE   HASH: bytes per element
 * 16 NELEMS      HASH: preallocated elements
 * 17 FREE_LOCK   HASH: lock of the free list     18 FREE_HEAD  HASH: first free element or 0
 * 19 COUNT       HASH: elements in use
 * 20 EXTRA       HASH: per-agent spare element slots (cpus + 2 words: CPUs, userspace, machine)
 * 21 CPUS        22 INNER  map-in-map: template descriptor
 * 23 TEMPLATE_OF inner maps created at run time: index of the outer map whose template they
 *                follow (so any agent can name and decode them), else -1
 * ```
 * Not here: the operations (array.ts, hash.ts, …) and the typed view (map-set.ts).
 */
import { EngineFault, type EngineMemory, H, lockAcquire, lockRelease, lockTry } from '../memory/index.ts';
import { MapType } from '../object.ts';

export const DESC_MAGIC = 0x4d415030;
export const DESC_WORDS = 32;
export const DESC_BYTES = DESC_WORDS * 4;

export const D = {
  MAGIC: 0,
  TYPE: 1,
  KEY_SIZE: 2,
  VALUE_SIZE: 3,
  MAX_ENTRIES: 4,
  FLAGS: 5,
  LOCK_OFF: 6,
  ID: 7,
  INDEX: 8,
  STRIDE: 9,
  DATA: 10,
  PCPU: 11,
  PCPU_PLANE: 12,
  BUCKETS: 13,
  NBUCKETS: 14,
  ELEM_SIZE: 15,
  NELEMS: 16,
  FREE_LOCK: 17,
  FREE_HEAD: 18,
  COUNT: 19,
  EXTRA: 20,
  CPUS: 21,
  INNER: 22,
  TEMPLATE_OF: 23,
} as const;

/** Update flags (uapi/linux/bpf.h). */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

/** Kernel error codes, returned negated (as helpers and the bpf() syscall's libbpf wrappers do). */
export const EPERM = 1;
export const ENOENT = 2;
export const E2BIG = 7;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const EDEADLK = 35;
export const EINVAL = 22;
export const ENOTSUPP = 524;

export const ERRNO_NAMES: Record<number, string> = {
  [EPERM]: 'EPERM',
  [ENOENT]: 'ENOENT',
  [E2BIG]: 'E2BIG',
  [ENOMEM]: 'ENOMEM',
  [EBUSY]: 'EBUSY',
  [EEXIST]: 'EEXIST',
  [EDEADLK]: 'EDEADLK',
  [EINVAL]: 'EINVAL',
  [ENOTSUPP]: 'ENOTSUPP',
};

export function round8(n: number): number {
  return (n + 7) & ~7;
}

/** Word index of field `f` of the descriptor at `desc`. */
export function dw(desc: number, f: number): number {
  return (desc >> 2) + f;
}

/** Reads a (constant after creation) descriptor field. */
export function dget(mem: EngineMemory, desc: number, f: number): number {
  return mem.i32[(desc >> 2) + f];
}

/**
 * Throws unless `desc` is the address of a live map descriptor. Also refreshes this agent's
 * views when another agent grew the heap (an inner map made at run time lies beyond them).
 */
export function checkDesc(mem: EngineMemory, desc: number): void {
  // A plain read: cheaper than Atomics.load on this hot path, and a stale brk only means the
  // refresh happens on a later call (the descriptor read below still bounds-checks).
  if (mem.i32[H.BRK] >>> 0 > mem.u8.length) mem.refresh();
  if (!(desc > 0 && desc % 4 === 0 && desc + DESC_BYTES <= mem.u8.length) || mem.i32[desc >> 2] !== DESC_MAGIC) {
    throw new EngineFault('bad-map', `register does not hold a map (0x${(desc >>> 0).toString(16)})`);
  }
}

export function isPercpu(type: number): boolean {
  return type === MapType.PERCPU_ARRAY || type === MapType.PERCPU_HASH;
}

export function isHash(type: number): boolean {
  return type === MapType.HASH || type === MapType.PERCPU_HASH || type === MapType.HASH_OF_MAPS;
}

export function isMapInMap(type: number): boolean {
  return type === MapType.ARRAY_OF_MAPS || type === MapType.HASH_OF_MAPS;
}

export const MAP_TYPE_NAMES: Record<number, string> = {
  [MapType.HASH]: 'hash',
  [MapType.ARRAY]: 'array',
  [MapType.PERCPU_HASH]: 'percpu_hash',
  [MapType.PERCPU_ARRAY]: 'percpu_array',
  [MapType.ARRAY_OF_MAPS]: 'array_of_maps',
  [MapType.HASH_OF_MAPS]: 'hash_of_maps',
};

/** Bytes compared: `n` bytes of `a` at `ao` against `b` at `bo`. */
export function bytesEqual(a: Uint8Array, ao: number, b: Uint8Array, bo: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/**
 * Copies a map value (`n` bytes) but never the spin lock word (kernel copy_map_value): the lock
 * belongs to the map's value, not to the data.
 */
export function copyValue(
  dst: Uint8Array,
  dstOff: number,
  src: Uint8Array,
  srcOff: number,
  n: number,
  lockOff: number,
): void {
  if (lockOff < 0) {
    copyBytes(dst, dstOff, src, srcOff, n);
    return;
  }
  copyBytes(dst, dstOff, src, srcOff, lockOff);
  copyBytes(dst, dstOff + lockOff + 4, src, srcOff + lockOff + 4, n - lockOff - 4);
}

/**
 * memcpy without allocating: within one buffer (BPF callers: memory to memory) copyWithin,
 * short copies byte by byte, long ones through a subarray view.
 */
export function copyBytes(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: number, n: number): void {
  if (n <= 0) return;
  if (dst === src) dst.copyWithin(dstOff, srcOff, srcOff + n);
  else if (n <= 32) for (let i = 0; i < n; i++) dst[dstOff + i] = src[srcOff + i];
  else dst.set(src.subarray(srcOff, srcOff + n), dstOff);
}

/**
 * Who is calling a map operation: the memory, the agent index (0..cpus-1 a CPU, cpus userspace,
 * cpus+1 the machine) and whether locks may block (false in deterministic mode: a held lock
 * makes the operation return WOULD_BLOCK so the scheduler can run someone else).
 */
export interface Agent {
  mem: EngineMemory;
  cpu: number;
  blocking: boolean;
}

/** Returned instead of an errno when a non-blocking agent met a held lock; retry later. */
export const WOULD_BLOCK = -0x7fff_0000;

/** Takes lock word `idx` (an Int32 index): blocking, or one try for a non-blocking agent. */
export function take(a: Agent, idx: number): boolean {
  if (a.blocking) {
    lockAcquire(a.mem.i32, idx);
    return true;
  }
  return lockTry(a.mem.i32, idx);
}

export { lockRelease as release };

/** The storage family of a map type. */
export function hashOrArray(type: number): 'hash' | 'array' {
  return isHash(type) ? 'hash' : 'array';
}
