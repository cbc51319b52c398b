/**
 * BPF_MAP_TYPE_PERCPU_HASH: a hash map (hash.ts: buckets, locks, free list) whose values are
 * per CPU. Element `e` (its index in the preallocated pool) has CPU `c`'s value at
 * `PCPU + c·PCPU_PLANE + e·stride`, stride = round_up(value_size, 8).
 *
 * As in the kernel (`__htab_percpu_map_update_elem`), an update of an existing key writes in
 * place — only this CPU's copy from BPF, every CPU's from userspace — and a new key gets a
 * fresh element whose other CPUs' copies are zeroed. No spin locks (BPF_F_LOCK -EINVAL).
 */

import { type Agent, BPF_EXIST, copyValue, D, E2BIG, EINVAL, ENOENT, WOULD_BLOCK } from './descriptor.ts';
import { checkFlags, findElem, initElem, keyHash, linkHead, lockBucket, popFree, unlockBucket } from './hash.ts';
import { copyAllCpus } from './percpu-array.ts';

/** Address of CPU `cpu`'s value in element `elem`. */
export function percpuElemValue(a: Agent, desc: number, elem: number, cpu: number): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  const index = (elem - i32[w + D.DATA]) / i32[w + D.ELEM_SIZE];
  return i32[w + D.PCPU] + cpu * i32[w + D.PCPU_PLANE] + index * i32[w + D.STRIDE];
}

export function percpuHashLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const keySize = a.mem.i32[(desc >> 2) + D.KEY_SIZE];
  const e = findElem(a, desc, kb, ko, keyHash(kb, ko, keySize));
  return e ? percpuElemValue(a, desc, e, a.cpu) : 0;
}

export function percpuHashUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
  allCpus: boolean,
): number {
  const i32 = a.mem.i32;
  const w = desc >> 2;
  if (flags > BPF_EXIST || flags < 0) return -EINVAL;
  const hash = keyHash(kb, ko, i32[w + D.KEY_SIZE]);
  const b = hash & (i32[w + D.NBUCKETS] - 1);
  if (!lockBucket(a, desc, b)) return WOULD_BLOCK;
  try {
    const old = findElem(a, desc, kb, ko, hash);
    const err = checkFlags(old, flags);
    if (err) return err;
    let e = old;
    if (!e) {
      e = popFree(a, desc);
      if (!e) return -E2BIG;
      initElem(a, desc, e, kb, ko, hash);
    }
    const size = i32[w + D.VALUE_SIZE];
    const stride = i32[w + D.STRIDE];
    const cpus = i32[w + D.CPUS];
    const u8 = a.mem.u8;
    for (let c = 0; c < cpus; c++) {
      const dst = percpuElemValue(a, desc, e, c);
      if (allCpus) copyValue(u8, dst, vb, vo + c * stride, size, -1);
      else if (c === a.cpu) copyValue(u8, dst, vb, vo, size, -1);
      else if (!old) u8.fill(0, dst, dst + stride);
    }
    if (!old) linkHead(a, desc, b, e);
    return 0;
  } finally {
    unlockBucket(a, desc, b);
  }
}

export function percpuHashCopyOut(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  out: Uint8Array,
  flags: number,
): number {
  if (flags !== 0) return -EINVAL;
  const keySize = a.mem.i32[(desc >> 2) + D.KEY_SIZE];
  const e = findElem(a, desc, kb, ko, keyHash(kb, ko, keySize));
  if (!e) return -ENOENT;
  copyAllCpus(a, desc, (c) => percpuElemValue(a, desc, e, c), out);
  return 0;
}
