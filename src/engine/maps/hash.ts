/**
 * BPF_MAP_TYPE_HASH (also the storage of HASH_OF_MAPS and the skeleton of PERCPU_HASH), after
 * kernel/bpf/hashtab.c with preallocated elements:
 * - `n_buckets = roundup_pow_of_two(max_entries)`, each bucket a lock word and a list head;
 *   lists end in a "nulls" marker `(bucket << 1) | 1`, so a lock-free reader that followed a
 *   recycled element into another bucket notices and restarts (hlist_nulls);
 * - lookups take no lock; update, delete take the bucket lock;
 * - an update of an existing key **replaces** the element: the new one is linked at the head,
 *   then the old one is unlinked. A reader holding the old value pointer keeps reading the old
 *   bytes — until the element is reused: the old element becomes the updating CPU's spare
 *   ("extra elem") and is recycled by that CPU's next replacing update (the kernel caveat);
 * - new keys take an element from the free list; none left → -E2BIG; delete pushes it back;
 * - BPF_F_LOCK updates an existing element in place under the value's spin lock instead;
 * - flags: unknown -EINVAL, BPF_NOEXIST on a present key -EEXIST, BPF_EXIST on a missing one
 *   -ENOENT; delete of a missing key -ENOENT.
 *
 * Element: `[next u32][hash u32][key, round_up(key_size, 8)][value, round_up(value_size, 8)]`
 * (per-CPU hashes keep their values in per-CPU planes instead, see percpu-hash.ts).
 * FREE LINK: a free element is linked through its *hash* word, never through `next`: a
 * lock-free reader may still stand on a deleted element and must find a valid `next` (the
 * kernel overlays its free-list node the same way). A clobbered hash only makes it mismatch.
 * The hash function is FNV-1a (the kernel's jhash is seeded randomly, so iteration order is
 * not comparable with a kernel's anyway).
 */
import { copyOut, lookupFlagsCheck } from './array.ts';
import {
  type Agent,
  BPF_EXIST,
  BPF_F_LOCK,
  BPF_NOEXIST,
  copyBytes,
  copyValue,
  D,
  E2BIG,
  EEXIST,
  EINVAL,
  ENOENT,
  isPercpu,
  release,
  round8,
  take,
  WOULD_BLOCK,
} from './descriptor.ts';

export function keyHash(kb: Uint8Array, ko: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ kb[ko + i], 0x01000193);
  return h >>> 0;
}

export function elemKey(elem: number): number {
  return elem + 8;
}

export function elemValue(a: Agent, desc: number, elem: number): number {
  return elem + 8 + round8(a.mem.i32[(desc >> 2) + D.KEY_SIZE]);
}

/** Int32 index of bucket `b`'s lock word (the head is the next word). */
function bucketWord(a: Agent, desc: number, b: number): number {
  return (a.mem.i32[(desc >> 2) + D.BUCKETS] >> 2) + 2 * b;
}

/** Lock-free lookup: the element holding the key, or 0. */
export function findElem(a: Agent, desc: number, kb: Uint8Array, ko: number, hash: number): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  const keySize = i32[w + D.KEY_SIZE];
  const b = hash & (i32[w + D.NBUCKETS] - 1);
  const head = bucketWord(a, desc, b) + 1;
  const u8 = a.mem.u8;
  let guard = 4 * i32[w + D.NELEMS] + 64;
  for (;;) {
    let p = Atomics.load(i32, head) >>> 0;
    while (!(p & 1)) {
      if (p === 0) return 0; // never linked: cannot happen, but never read address 0
      if (i32[(p >> 2) + 1] >>> 0 === hash) {
        let eq = true;
        for (let i = 0; i < keySize; i++) {
          if (u8[p + 8 + i] !== kb[ko + i]) {
            eq = false;
            break;
          }
        }
        if (eq) return p;
      }
      p = Atomics.load(i32, p >> 2) >>> 0;
      if (--guard < 0) return 0;
    }
    // Ended in another bucket's nulls marker: we walked off a recycled element; start over.
    if (p >>> 1 === b) return 0;
  }
}

/** Address of the value for `key`, or 0 (bpf_map_lookup_elem on HASH). */
export function hashLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const keySize = a.mem.i32[(desc >> 2) + D.KEY_SIZE];
  const elem = findElem(a, desc, kb, ko, keyHash(kb, ko, keySize));
  return elem ? elemValue(a, desc, elem) : 0;
}

export function checkFlags(old: number, flags: number): number {
  if (old && (flags & ~BPF_F_LOCK) === BPF_NOEXIST) return -EEXIST;
  if (!old && (flags & ~BPF_F_LOCK) === BPF_EXIST) return -ENOENT;
  return 0;
}

export function popFree(a: Agent, desc: number): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  lockAcquire2(a, w + D.FREE_LOCK);
  const e = i32[w + D.FREE_HEAD] >>> 0;
  if (e) {
    i32[w + D.FREE_HEAD] = i32[(e >> 2) + 1];
    i32[w + D.COUNT]++;
  }
  release(i32, w + D.FREE_LOCK);
  return e;
}

export function pushFree(a: Agent, desc: number, e: number): void {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  lockAcquire2(a, w + D.FREE_LOCK);
  i32[(e >> 2) + 1] = i32[w + D.FREE_HEAD]; // see FREE LINK in the header
  i32[w + D.FREE_HEAD] = e;
  i32[w + D.COUNT]--;
  release(i32, w + D.FREE_LOCK);
}

/** The free-list lock is only ever held for a few words, so even a non-blocking agent waits. */
function lockAcquire2(a: Agent, idx: number): void {
  take({ mem: a.mem, cpu: a.cpu, blocking: true }, idx);
}

/** Links `e` at the head of bucket `b` (caller holds the bucket lock). */
export function linkHead(a: Agent, desc: number, b: number, e: number): void {
  const i32 = a.mem.i32;
  const head = bucketWord(a, desc, b) + 1;
  i32[e >> 2] = Atomics.load(i32, head);
  Atomics.store(i32, head, e); // publish: the element is complete before readers can see it
}

/** Unlinks `e` from bucket `b`; `e.next` stays intact for readers standing on it. */
export function unlink(a: Agent, desc: number, b: number, e: number): void {
  const i32 = a.mem.i32;
  let at = bucketWord(a, desc, b) + 1;
  for (;;) {
    const p = Atomics.load(i32, at) >>> 0;
    if (p & 1) return;
    if (p === e) {
      Atomics.store(i32, at, Atomics.load(i32, e >> 2));
      return;
    }
    at = p >> 2;
  }
}

/** Takes bucket `b`'s lock; false if a non-blocking agent found it held. */
export function lockBucket(a: Agent, desc: number, b: number): boolean {
  return take(a, bucketWord(a, desc, b));
}

export function unlockBucket(a: Agent, desc: number, b: number): void {
  release(a.mem.i32, bucketWord(a, desc, b));
}

/** Initialises a fresh element's key and hash; its value is written by the caller. */
export function initElem(a: Agent, desc: number, e: number, kb: Uint8Array, ko: number, hash: number): void {
  const keySize = a.mem.i32[(desc >> 2) + D.KEY_SIZE];
  copyBytes(a.mem.u8, e + 8, kb, ko, keySize);
  a.mem.i32[(e >> 2) + 1] = hash;
}

/** HASH / HASH_OF_MAPS update (from BPF or userspace; values are `value_size` bytes). */
export function hashUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  if ((flags & ~BPF_F_LOCK) > BPF_EXIST || flags < 0) return -EINVAL;
  const keySize = i32[w + D.KEY_SIZE];
  const valueSize = i32[w + D.VALUE_SIZE];
  const lockOff = i32[w + D.LOCK_OFF];
  const hash = keyHash(kb, ko, keySize);
  const b = hash & (i32[w + D.NBUCKETS] - 1);
  if (flags & BPF_F_LOCK) {
    if (lockOff < 0) return -EINVAL;
    // Like the kernel: find the element without the bucket lock and update it in place.
    const old = findElem(a, desc, kb, ko, hash);
    const err = checkFlags(old, flags);
    if (err) return err;
    if (old) return lockedCopy(a, desc, elemValue(a, desc, old), vb, vo);
  }
  if (!lockBucket(a, desc, b)) return WOULD_BLOCK;
  try {
    const old = findElem(a, desc, kb, ko, hash);
    const err = checkFlags(old, flags);
    if (err) return err;
    if (old && flags & BPF_F_LOCK) return lockedCopy(a, desc, elemValue(a, desc, old), vb, vo);
    let e: number;
    const extra = (i32[w + D.EXTRA] >> 2) + a.cpu;
    if (old) {
      e = i32[extra] >>> 0; // this agent's spare element
    } else {
      e = popFree(a, desc);
      if (!e) return -E2BIG;
    }
    initElem(a, desc, e, kb, ko, hash);
    const val = elemValue(a, desc, e);
    copyValue(a.mem.u8, val, vb, vo, valueSize, lockOff);
    if (lockOff >= 0) i32[(val + lockOff) >> 2] = 0;
    linkHead(a, desc, b, e);
    if (old) {
      unlink(a, desc, b, old);
      i32[extra] = old; // recycled by this agent's next replacing update
    }
    return 0;
  } finally {
    unlockBucket(a, desc, b);
  }
}

function lockedCopy(a: Agent, desc: number, val: number, vb: Uint8Array, vo: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const lockOff = i32[w + D.LOCK_OFF];
  const lw = (val + lockOff) >> 2;
  if (!take(a, lw)) return WOULD_BLOCK;
  copyValue(a.mem.u8, val, vb, vo, i32[w + D.VALUE_SIZE], lockOff);
  release(i32, lw);
  return 0;
}

export function hashDelete(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  const hash = keyHash(kb, ko, i32[w + D.KEY_SIZE]);
  const b = hash & (i32[w + D.NBUCKETS] - 1);
  if (!lockBucket(a, desc, b)) return WOULD_BLOCK;
  let e: number;
  try {
    e = findElem(a, desc, kb, ko, hash);
    if (!e) return -ENOENT;
    unlink(a, desc, b, e);
  } finally {
    unlockBucket(a, desc, b);
  }
  pushFree(a, desc, e);
  return 0;
}

/** Userspace lookup of a shared-value hash: copies the value out. */
export function hashCopyOut(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  out: Uint8Array,
  flags: number,
): number {
  const err = lookupFlagsCheck(a, desc, flags);
  if (err) return err;
  const val = hashLookup(a, desc, kb, ko);
  if (!val) return -ENOENT;
  return copyOut(a, desc, val, out, 0, flags);
}

/**
 * get_next_key: a missing (or no) key restarts from the first element of the first non-empty
 * bucket; otherwise the next element in the key's bucket, then the following buckets.
 */
export function hashNextKey(a: Agent, desc: number, kb: Uint8Array | null, ko: number, out: Uint8Array): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  const keySize = i32[w + D.KEY_SIZE];
  const nb = i32[w + D.NBUCKETS];
  let start = 0;
  if (kb !== null) {
    const hash = keyHash(kb, ko, keySize);
    const e = findElem(a, desc, kb, ko, hash);
    if (e) {
      const next = Atomics.load(i32, e >> 2) >>> 0;
      if (!(next & 1)) {
        out.set(a.mem.u8.subarray(next + 8, next + 8 + keySize));
        return 0;
      }
      start = (hash & (nb - 1)) + 1;
    }
  }
  for (let b = start; b < nb; b++) {
    const p = Atomics.load(i32, bucketWord(a, desc, b) + 1) >>> 0;
    if (!(p & 1)) {
      out.set(a.mem.u8.subarray(p + 8, p + 8 + keySize));
      return 0;
    }
  }
  return -ENOENT;
}

/** Calls `fn` for every element currently linked (a racy snapshot; for dumps). */
export function hashForEach(a: Agent, desc: number, fn: (elem: number) => void): void {
  const i32 = a.mem.i32;
  const nb = i32[(desc >> 2) + D.NBUCKETS];
  for (let b = 0; b < nb; b++) {
    let p = Atomics.load(i32, bucketWord(a, desc, b) + 1) >>> 0;
    while (!(p & 1)) {
      fn(p);
      p = Atomics.load(i32, p >> 2) >>> 0;
    }
  }
}

/** Bytes one element takes, and how many are preallocated (spares included). */
export function hashElemGeometry(type: number, keySize: number, valueSize: number, maxEntries: number, cpus: number) {
  const percpu = isPercpu(type);
  const elemSize = 8 + round8(keySize) + (percpu ? 0 : round8(valueSize));
  // One spare per agent (CPUs, userspace, machine) for replacing updates; per-CPU hashes
  // update in place and need none.
  const nelems = maxEntries + (percpu ? 0 : cpus + 2);
  let nbuckets = 1;
  while (nbuckets < maxEntries) nbuckets *= 2;
  return { elemSize, nelems, nbuckets };
}
