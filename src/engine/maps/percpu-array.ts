/**
 * BPF_MAP_TYPE_PERCPU_ARRAY: every CPU has its own copy of every value, each rounded up to 8
 * bytes and allocated for every (possible) CPU, as the kernel does. Storage is one plane per
 * CPU (`PCPU + cpu·PCPU_PLANE`, planes 64-byte aligned) so CPUs never share a cache line, just
 * like the kernel's per-CPU chunks.
 *
 * A BPF program sees only its own CPU's value (lookup and update act on `this_cpu`); userspace
 * reads and writes all CPUs at once with a buffer of `cpus × round_up(value_size, 8)` bytes.
 * No spin locks in per-CPU values, so BPF_F_LOCK is -EINVAL; delete is -EINVAL.
 */
import { arrayUpdateCheck, readIndex } from './array.ts';
import { type Agent, BPF_EXIST, copyValue, D, EINVAL, ENOENT } from './descriptor.ts';

export function percpuArrayLookup(a: Agent, desc: number, kb: Uint8Array, ko: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const idx = readIndex(kb, ko);
  if (idx >= i32[w + D.MAX_ENTRIES] >>> 0) return 0;
  return i32[w + D.PCPU] + a.cpu * i32[w + D.PCPU_PLANE] + idx * i32[w + D.STRIDE];
}

/** Address of CPU `cpu`'s copy of value `idx` (no range check). */
export function percpuArrayAddr(a: Agent, desc: number, idx: number, cpu: number): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  return i32[w + D.PCPU] + cpu * i32[w + D.PCPU_PLANE] + idx * i32[w + D.STRIDE];
}

/**
 * Update from BPF (`allCpus` false: this CPU's copy from `value_size` bytes) or from userspace
 * (`allCpus` true: every CPU's copy from `cpus × stride` bytes).
 */
export function percpuArrayUpdate(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  vb: Uint8Array,
  vo: number,
  flags: number,
  allCpus: boolean,
): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  if (allCpus && (flags > BPF_EXIST || flags < 0)) return -EINVAL;
  const idx = readIndex(kb, ko);
  const err = arrayUpdateCheck(a, desc, idx, flags);
  if (err) return err;
  const size = i32[w + D.VALUE_SIZE];
  const stride = i32[w + D.STRIDE];
  if (!allCpus) {
    copyValue(a.mem.u8, percpuArrayAddr(a, desc, idx, a.cpu), vb, vo, size, -1);
    return 0;
  }
  const cpus = i32[w + D.CPUS];
  for (let c = 0; c < cpus; c++) copyValue(a.mem.u8, percpuArrayAddr(a, desc, idx, c), vb, vo + c * stride, size, -1);
  return 0;
}

/** Userspace lookup: every CPU's value, `stride` bytes apart (padding reads as zero). */
export function percpuArrayCopyOut(
  a: Agent,
  desc: number,
  kb: Uint8Array,
  ko: number,
  out: Uint8Array,
  flags: number,
): number {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  if (flags !== 0) return -EINVAL;
  const idx = readIndex(kb, ko);
  if (idx >= i32[w + D.MAX_ENTRIES] >>> 0) return -ENOENT;
  copyAllCpus(a, desc, (c) => percpuArrayAddr(a, desc, idx, c), out);
  return 0;
}

/** Copies every CPU's value (found by `addr(cpu)`) into `out`, one stride per CPU. */
export function copyAllCpus(a: Agent, desc: number, addr: (cpu: number) => number, out: Uint8Array): void {
  const w = desc >> 2;
  const i32 = a.mem.i32;
  const cpus = i32[w + D.CPUS];
  const size = i32[w + D.VALUE_SIZE];
  const stride = i32[w + D.STRIDE];
  out.fill(0, 0, cpus * stride);
  for (let c = 0; c < cpus; c++) {
    const at = addr(c);
    out.set(a.mem.u8.subarray(at, at + size), c * stride);
  }
}
