/**
 * Map operations dispatched on the descriptor's type, in two flavours:
 * - `bpf*`: what the helpers do for a BPF program on CPU `a.cpu` (lookup returns a value
 *   address or 0; per-CPU maps act on this CPU's copy; map-in-map lookup returns the inner map);
 * - `sys*`: what the bpf() syscall does for userspace (values are copied in and out; per-CPU
 *   values are `cpus × round_up(value_size, 8)` bytes; map-in-map values are map ids).
 * Every function returns 0 or a negative errno (or WOULD_BLOCK for a non-blocking agent).
 * Pure functions of (memory, descriptor): any worker attached to the memory can call them.
 */
import { MapType } from '../object.ts';
import { arrayCopyOut, arrayDelete, arrayLookup, arrayNextKey, arrayUpdate } from './array.ts';
import { type Agent, checkDesc, D, EINVAL, isPercpu, round8 } from './descriptor.ts';
import { hashCopyOut, hashDelete, hashLookup, hashNextKey, hashUpdate } from './hash.ts';
import { outerCopyOut, outerDelete, outerLookup, outerUpdate } from './map-in-map.ts';
import { percpuArrayCopyOut, percpuArrayLookup, percpuArrayUpdate } from './percpu-array.ts';
import { percpuHashCopyOut, percpuHashLookup, percpuHashUpdate } from './percpu-hash.ts';

function typeOf(a: Agent, desc: number): number {
  checkDesc(a.mem, desc);
  return a.mem.i32[(desc >> 2) + D.TYPE];
}

export function bpfLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  switch (typeOf(a, desc)) {
    case MapType.ARRAY:
      return arrayLookup(a, desc, kb, ko);
    case MapType.HASH:
      return hashLookup(a, desc, kb, ko);
    case MapType.PERCPU_ARRAY:
      return percpuArrayLookup(a, desc, kb, ko);
    case MapType.PERCPU_HASH:
      return percpuHashLookup(a, desc, kb, ko);
    default:
      return outerLookup(a, desc, kb, ko);
  }
}

export function bpfUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
): number {
  switch (typeOf(a, desc)) {
    case MapType.ARRAY:
      return arrayUpdate(a, desc, kb, ko, vb, vo, flags);
    case MapType.HASH:
      return hashUpdate(a, desc, kb, ko, vb, vo, flags);
    case MapType.PERCPU_ARRAY:
      return percpuArrayUpdate(a, desc, kb, ko, vb, vo, flags, false);
    case MapType.PERCPU_HASH:
      return percpuHashUpdate(a, desc, kb, ko, vb, vo, flags, false);
    default:
      return -EINVAL; // map-in-map: not from a program (the verifier rejects it first)
  }
}

export function bpfDelete(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  switch (typeOf(a, desc)) {
    case MapType.HASH:
    case MapType.PERCPU_HASH:
      return hashDelete(a, desc, kb, ko);
    default:
      return arrayDelete();
  }
}

/** Bytes of a userspace value buffer for this map. */
export function sysValueSize(a: Agent, desc: number): number {
  const type = typeOf(a, desc);
  const w = desc >> 2;
  const vs = a.mem.i32[w + D.VALUE_SIZE];
  return isPercpu(type) ? round8(vs) * a.mem.i32[w + D.CPUS] : vs;
}

export function sysLookup(a: Agent, desc: number, kb: Uint8Array, ko: number, out: Uint8Array, flags: number): number {
  switch (typeOf(a, desc)) {
    case MapType.ARRAY:
      return arrayCopyOut(a, desc, kb, ko, out, flags);
    case MapType.HASH:
      return hashCopyOut(a, desc, kb, ko, out, flags);
    case MapType.PERCPU_ARRAY:
      return percpuArrayCopyOut(a, desc, kb, ko, out, flags);
    case MapType.PERCPU_HASH:
      return percpuHashCopyOut(a, desc, kb, ko, out, flags);
    default:
      return outerCopyOut(a, desc, kb, ko, out, flags);
  }
}

export function sysUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
): number {
  switch (typeOf(a, desc)) {
    case MapType.ARRAY:
      return arrayUpdate(a, desc, kb, ko, vb, vo, flags);
    case MapType.HASH:
      return hashUpdate(a, desc, kb, ko, vb, vo, flags);
    case MapType.PERCPU_ARRAY:
      return percpuArrayUpdate(a, desc, kb, ko, vb, vo, flags, true);
    case MapType.PERCPU_HASH:
      return percpuHashUpdate(a, desc, kb, ko, vb, vo, flags, true);
    default: {
      const id = (vb[vo] | (vb[vo + 1] << 8) | (vb[vo + 2] << 16) | (vb[vo + 3] << 24)) >>> 0;
      return outerUpdate(a, desc, kb, ko, id, flags);
    }
  }
}

export function sysDelete(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  switch (typeOf(a, desc)) {
    case MapType.HASH:
    case MapType.PERCPU_HASH:
      return hashDelete(a, desc, kb, ko);
    case MapType.ARRAY_OF_MAPS:
    case MapType.HASH_OF_MAPS:
      return outerDelete(a, desc, kb, ko);
    default:
      return arrayDelete();
  }
}

/** get_next_key; `kb === null` asks for the first key. */
export function sysNextKey(a: Agent, desc: number, kb: Uint8Array | null, ko: number, out: Uint8Array): number {
  switch (typeOf(a, desc)) {
    case MapType.HASH:
    case MapType.PERCPU_HASH:
    case MapType.HASH_OF_MAPS:
      return hashNextKey(a, desc, kb, ko, out);
    default:
      return arrayNextKey(a, desc, kb, ko, out);
  }
}
