/**
 * BPF_MAP_TYPE_ARRAY_OF_MAPS and BPF_MAP_TYPE_HASH_OF_MAPS: outer maps whose values are inner
 * maps. A slot holds the inner map's descriptor address (0 = empty); an ARRAY_OF_MAPS slot is
 * an array value (4 bytes, 8 apart), a HASH_OF_MAPS slot a 4-byte hash value.
 *
 * - From BPF, lookup returns the inner map itself (its descriptor, i.e. "a map" the program
 *   passes to map helpers) or NULL; update and delete are not allowed from BPF (-EINVAL here;
 *   the verifier rejects them first).
 * - From userspace, a value is an inner map **id** (the kernel takes an fd and returns an id):
 *   update checks the inner map against the outer map's template (type, sizes, flags,
 *   max_entries — bpf_map_meta_equal) and swaps the slot with one atomic store, so a program
 *   sees the old map or the new one, never anything else. ARRAY_OF_MAPS accepts only BPF_ANY
 *   (-EINVAL), an index out of range is -E2BIG; delete empties a slot (-ENOENT if it was).
 *   Waiting for programs that still use the old inner map (the kernel's synchronize_rcu after
 *   an outer-map update or delete) is the userspace API's job (userspace/).
 */

import { MapType } from '../object.ts';
import { readIndex } from './array.ts';
import { type Agent, BPF_ANY, D, E2BIG, EINVAL, ENOENT } from './descriptor.ts';
import { hashDelete, hashLookup, hashUpdate } from './hash.ts';

export const EBADF = 9;
/** BPF_F_INNER_MAP: inner maps may differ in max_entries. */
export const BPF_F_INNER_MAP = 0x1000;

/** Slot address for `key`, or 0 (no such index / key). */
function slotAddr(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  if (i32[w + D.TYPE] === MapType.HASH_OF_MAPS) return hashLookup(a, desc, kb, ko);
  const idx = readIndex(kb, ko);
  if (idx >= i32[w + D.MAX_ENTRIES] >>> 0) return 0;
  return i32[w + D.DATA] + idx * i32[w + D.STRIDE];
}

/** BPF lookup: the inner map's descriptor, or 0. */
export function outerLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const slot = slotAddr(a, desc, kb, ko);
  return slot ? Atomics.load(a.mem.i32, slot >> 2) >>> 0 : 0;
}

/** Whether `inner` fits the outer map's template (kernel bpf_map_meta_equal). */
export function innerCompatible(a: Agent, outer: number, inner: number): boolean {
  const i32 = a.mem.i32;
  const t = i32[(outer >> 2) + D.INNER] >> 2;
  const m = inner >> 2;
  if (!t) return false;
  for (const f of [D.TYPE, D.KEY_SIZE, D.VALUE_SIZE, D.FLAGS]) if (i32[t + f] !== i32[m + f]) return false;
  return (i32[t + D.FLAGS] & BPF_F_INNER_MAP) !== 0 || i32[t + D.MAX_ENTRIES] === i32[m + D.MAX_ENTRIES];
}

/** Userspace update: puts the map with id `innerId` in the slot for `key`. */
export function outerUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  innerId: number,
  flags: number,
): number {
  const mem = a.mem;
  const w = desc >> 2;
  const isHashOuter = mem.i32[w + D.TYPE] === MapType.HASH_OF_MAPS;
  if (!isHashOuter) {
    if (flags !== BPF_ANY) return -EINVAL;
    if (readIndex(kb, ko) >= mem.i32[w + D.MAX_ENTRIES] >>> 0) return -E2BIG;
  }
  const inner = mem.mapById(innerId);
  if (!inner) return -EBADF;
  if (!innerCompatible(a, desc, inner)) return -EINVAL;
  if (isHashOuter) {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, inner, true);
    return hashUpdate(a, desc, kb, ko, v, 0, flags);
  }
  Atomics.store(mem.i32, slotAddr(a, desc, kb, ko) >> 2, inner);
  return 0;
}

export function outerDelete(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const mem = a.mem;
  const w = desc >> 2;
  if (mem.i32[w + D.TYPE] === MapType.HASH_OF_MAPS) return hashDelete(a, desc, kb, ko);
  const idx = readIndex(kb, ko);
  if (idx >= mem.i32[w + D.MAX_ENTRIES] >>> 0) return -E2BIG;
  const old = Atomics.exchange(mem.i32, slotAddr(a, desc, kb, ko) >> 2, 0);
  return old ? 0 : -ENOENT;
}

/** Userspace lookup: the inner map's id (4 bytes, little-endian) in `out`. */
export function outerCopyOut(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  out: Uint8Array,
  flags: number,
): number {
  if (flags !== 0) return -EINVAL;
  const inner = outerLookup(a, desc, kb, ko);
  if (!inner) return -ENOENT;
  new DataView(out.buffer, out.byteOffset, 4).setUint32(0, a.mem.i32[(inner >> 2) + D.ID], true);
  return 0;
}
