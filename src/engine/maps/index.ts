/**
 * BPF maps living entirely in the engine's shared memory (DESIGN §2.4): ARRAY, HASH,
 * PERCPU_ARRAY, PERCPU_HASH, ARRAY_OF_MAPS, HASH_OF_MAPS, and the global sections as one-entry
 * arrays. A map is a descriptor in memory plus pure functions over (memory, descriptor), so a
 * worker attached to the memory operates on the very same bytes.
 *
 * Entry points: `setupMaps(obj, {cpus, seed})` creates a memory sized for the object and lays
 * out every map; `createMaps(obj, mem)` does the second half on an existing memory;
 * `attachMaps(obj, mem)` gives a worker its MapSet. Dumps for RunResult: dumpMaps/dumpGlobals.
 *
 * The contract with program execution (interpreter, JIT, helpers):
 * - `lddw rX, map` (pseudo map fd, imm = index in obj.maps) loads `set.mapAddr(index)`, the
 *   map's descriptor address; a map-in-map lookup returns an inner map's descriptor address;
 *   helpers take either as "a map".
 * - `lddw rX, map_value + off` (globals) loads `set.valueAddr(index, off)`.
 * - Every map value lives in the heap region `mem.heapRegion()` ([lo, brk), brk only grows).
 * - Errors are negative kernel errnos; WOULD_BLOCK (not an errno) means "a lock is held and
 *   this agent may not wait: retry later".
 * - ARRAY/PERCPU_ARRAY lookups can be inlined with `set.arrayLayout(ref)`.
 * - Addresses can be named for traces with AddressNamer.
 */
import { createEngineMemory } from '../memory/index.ts';
import type { ProgramObject } from '../object.ts';
import { mapBytes } from './create.ts';
import { createMaps, type MapSet } from './map-set.ts';

export { decodeValue, encodeValue } from './codec.ts';
export { createMap, mapBytes, percpuMapBytes } from './create.ts';
export {
  type Agent,
  BPF_ANY,
  BPF_EXIST,
  BPF_F_LOCK,
  BPF_NOEXIST,
  D,
  E2BIG,
  EBUSY,
  EDEADLK,
  EEXIST,
  EINVAL,
  ENOENT,
  ENOMEM,
  EPERM,
  ERRNO_NAMES,
  MAP_TYPE_NAMES,
  round8,
  WOULD_BLOCK,
} from './descriptor.ts';
export { dumpGlobals, dumpMaps, dumpMapsHex, mapEntries } from './dump.ts';
export { EBADF } from './map-in-map.ts';
export { attachMaps, createMaps, type MapInfo, type MapRef, MapSet, type SysResult } from './map-set.ts';
export { bpfDelete, bpfLookup, bpfUpdate, sysDelete, sysLookup, sysNextKey, sysUpdate } from './ops.ts';
export { type AddressName, AddressNamer, fieldPath } from './symbolize.ts';

export interface SetupOptions {
  cpus: number;
  seed?: bigint | number;
  /** Room for inner maps created at run time, per outer map (default 8; more grows memory). */
  innerReserve?: number;
  maxBytes?: number;
}

/** Creates an engine memory sized for `obj` on `cpus` CPUs and lays out all its maps. */
export function setupMaps(obj: ProgramObject, opts: SetupOptions): MapSet {
  let heapBytes = 0;
  for (const def of obj.maps) {
    heapBytes += mapBytes(def, opts.cpus);
    if (def.inner) heapBytes += (opts.innerReserve ?? 8) * mapBytes(def.inner, opts.cpus);
  }
  const mem = createEngineMemory({ cpus: opts.cpus, seed: opts.seed, heapBytes, maxBytes: opts.maxBytes });
  return createMaps(obj, mem);
}
