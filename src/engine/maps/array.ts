/**
 * BPF_MAP_TYPE_ARRAY (and the .bss/.data/.rodata global sections, which are one-entry arrays).
 * Values are preallocated and zeroed, `round_up(value_size, 8)` apart; every index in range
 * always exists. Semantics follow kernel/bpf/arraymap.c:
 * - update copies the new value **in place** (not atomic for a concurrent reader: it can see
 *   half old, half new), never touching the spin lock word; with BPF_F_LOCK it copies under
 *   the value's lock;
 * - errors: unknown flags -EINVAL, index ≥ max_entries -E2BIG, BPF_NOEXIST -EEXIST (every
 *   element exists), BPF_F_LOCK without a lock in the value -EINVAL; delete is -EINVAL;
 * - get_next_key: no key or out of range → 0, last index → -ENOENT.
 *
 * Keys and values come as (bytes, offset): the shared memory itself for BPF callers, any
 * buffer for userspace. Layout creation is in create.ts.
 */
import {
  type Agent,
  BPF_EXIST,
  BPF_F_LOCK,
  BPF_NOEXIST,
  copyValue,
  D,
  E2BIG,
  EEXIST,
  EINVAL,
  ENOENT,
  release,
  take,
  WOULD_BLOCK,
} from './descriptor.ts';

export function readIndex(kb: Uint8Array, ko: number): number {
  return (kb[ko] | (kb[ko + 1] << 8) | (kb[ko + 2] << 16) | (kb[ko + 3] << 24)) >>> 0;
}

export function writeIndex(out: Uint8Array, idx: number): void {
  out[0] = idx & 0xff;
  out[1] = (idx >>> 8) & 0xff;
  out[2] = (idx >>> 16) & 0xff;
  out[3] = idx >>> 24;
}

/** Address of the value at `key`, or 0 when out of range (what bpf_map_lookup_elem returns). */
export function arrayLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const idx = readIndex(kb, ko);
  if (idx >= i32[w + D.MAX_ENTRIES] >>> 0) return 0;
  return i32[w + D.DATA] + idx * i32[w + D.STRIDE];
}

/** Checks shared by every array family's update; 0 if the update may go ahead. */
export function arrayUpdateCheck(a: Agent, desc: number, idx: number, flags: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  if ((flags & ~BPF_F_LOCK) > BPF_EXIST || flags < 0) return -EINVAL;
  if (idx >= i32[w + D.MAX_ENTRIES] >>> 0) return -E2BIG;
  if (flags & BPF_NOEXIST) return -EEXIST;
  if (flags & BPF_F_LOCK && i32[w + D.LOCK_OFF] < 0) return -EINVAL;
  return 0;
}

export function arrayUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const idx = readIndex(kb, ko);
  const err = arrayUpdateCheck(a, desc, idx, flags);
  if (err) return err;
  const addr = i32[w + D.DATA] + idx * i32[w + D.STRIDE];
  return copyInto(a, desc, addr, vb, vo, flags);
}

/** Copies a value into map storage at `addr`, under the value's lock with BPF_F_LOCK. */
export function copyInto(a: Agent, desc: number, addr: number, vb: Uint8Array, vo: number, flags: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const size = i32[w + D.VALUE_SIZE];
  const lockOff = i32[w + D.LOCK_OFF];
  if (flags & BPF_F_LOCK) {
    const lw = (addr + lockOff) >> 2;
    if (!take(a, lw)) return WOULD_BLOCK;
    copyValue(a.mem.u8, addr, vb, vo, size, lockOff);
    release(i32, lw);
  } else {
    copyValue(a.mem.u8, addr, vb, vo, size, lockOff);
  }
  return 0;
}

/** Copies a value out of map storage into `out` (userspace lookup); the lock word reads 0. */
export function copyOut(a: Agent, desc: number, addr: number, out: Uint8Array, oo: number, flags: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const size = i32[w + D.VALUE_SIZE];
  const lockOff = i32[w + D.LOCK_OFF];
  if (flags & BPF_F_LOCK) {
    const lw = (addr + lockOff) >> 2;
    if (!take(a, lw)) return WOULD_BLOCK;
    copyValue(out, oo, a.mem.u8, addr, size, lockOff);
    release(i32, lw);
  } else {
    copyValue(out, oo, a.mem.u8, addr, size, lockOff);
  }
  if (lockOff >= 0) out.fill(0, oo + lockOff, oo + lockOff + 4);
  return 0;
}

/** Userspace lookup flags: only BPF_F_LOCK, and only on a value that has a lock. */
export function lookupFlagsCheck(a: Agent, desc: number, flags: number): number {
  if (flags & ~BPF_F_LOCK || flags < 0) return -EINVAL;
  if (flags & BPF_F_LOCK && a.mem.i32[(desc >> 2) + D.LOCK_OFF] < 0) return -EINVAL;
  return 0;
}

export function arrayCopyOut(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  out: Uint8Array,
  flags: number,
): number {
  const err = lookupFlagsCheck(a, desc, flags);
  if (err) return err;
  const addr = arrayLookup(a, desc, kb, ko);
  if (!addr) return -ENOENT;
  return copyOut(a, desc, addr, out, 0, flags);
}

export function arrayDelete(): number {
  return -EINVAL;
}

/** get_next_key for every array family; `kb === null` asks for the first key. */
export function arrayNextKey(a: Agent, desc: number, kb: Uint8Array | null, ko: number, out: Uint8Array): number {
  const max = a.mem.i32[(desc >> 2) + D.MAX_ENTRIES] >>> 0;
  const idx = kb === null ? max : readIndex(kb, ko);
  if (idx >= max) {
    writeIndex(out, 0);
    return 0;
  }
  if (idx === max - 1) return -ENOENT;
  writeIndex(out, idx + 1);
  return 0;
}
