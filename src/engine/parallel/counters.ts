/**
 * The four counters of the course as hand-built instruction arrays (what clang emits for the
 * labs' programs, including the `target_tgid` filter through bpf_get_current_pid_tgid), on a
 * bare memory: a racy `counter++`, an atomic fetch-add, a counter
 * under bpf_spin_lock, and a PERCPU_ARRAY counter. Used by the parallel tests and by the bench
 * until lab programs come through the engine's compiler/loader.
 */
import { insn, lddw } from '../isa/codec.ts';
import type { Insn } from '../isa/insn.ts';
import type { JitMapInfo } from '../jit/index.ts';

export const COUNTER_ADDR = 0x8000;
/** `const volatile __u32 target_tgid` (.rodata), 0: count every process. */
export const TARGET_TGID_ADDR = 0x8080;
/** struct { struct bpf_spin_lock lock; __u64 count; } at LOCKED_ADDR. */
export const LOCKED_ADDR = 0x8040;
export const PERCPU_BASE = 0x9000;
export const PERCPU_PLANE = 64;
const STACKS = 0x1000;
const STACK_PER_CPU = 0x1000;

export const bareMaps: JitMapInfo[] = [
  { handle: 0x400n, valueAddr: TARGET_TGID_ADDR },
  { handle: 0x100n, valueAddr: COUNTER_ADDR },
  { handle: 0x200n, valueAddr: LOCKED_ADDR },
  {
    handle: 0x300n,
    valueAddr: -1,
    array: { base: PERCPU_BASE, keyStride: 8, cpuStride: PERCPU_PLANE, maxEntries: 1 },
  },
];

export function bareStackTop(cpu: number): number {
  return STACKS + (cpu + 1) * STACK_PER_CPU;
}

export function bareMemory(cpus: number): WebAssembly.Memory {
  if (PERCPU_BASE + cpus * PERCPU_PLANE > 0x10000 || bareStackTop(cpus - 1) > COUNTER_ADDR) {
    throw new RangeError(`bare layout holds at most 7 CPUs, got ${cpus}`);
  }
  return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
}

const exit = insn(0x95);
const r0is0 = insn(0xb7, 0, 0, 0, 0);
const M_COUNTER = 1;
const M_LOCKED = 2;
const M_PCPU = 3;

/**
 * `tgid = bpf_get_current_pid_tgid() >> 32; if (target_tgid && tgid != target_tgid) return 0;`
 * then `body`; every program ends `return 0`.
 */
function filtered(body: Insn[]): Insn[] {
  const head = [
    insn(0x85, 0, 0, 0, 14),
    insn(0x77, 0, 0, 0, 32),
    ...lddw(1, 0n, 2), // map 0 value: target_tgid
    insn(0x61, 1, 1, 0),
    insn(0x15, 1, 0, 1, 0), // if target == 0 goto body
    insn(0x5d, 0, 1, body.length, 0), // if tgid != target goto out
  ];
  return [...head, ...body, r0is0, exit];
}

function mapValue(dst: number, map: number, off = 0): Insn[] {
  const [a, b] = lddw(dst, BigInt(off) << 32n, 2);
  return [{ ...a, imm: map }, b];
}

export const counterPrograms: Record<'racy' | 'atomic' | 'spinlock' | 'percpu', Insn[]> = {
  // counter++: r1 = &counter; r2 = *r1; r2 += 1; *r1 = r2
  racy: filtered([...mapValue(1, M_COUNTER), insn(0x79, 2, 1, 0), insn(0x07, 2, 0, 0, 1), insn(0x7b, 1, 2, 0)]),
  // __sync_fetch_and_add(&counter, 1): lock *(u64 *)(r1 + 0) += r2
  atomic: filtered([...mapValue(1, M_COUNTER), insn(0xb7, 2, 0, 0, 1), insn(0xdb, 1, 2, 0, 0x00)]),
  // bpf_spin_lock(&v->lock); v->count++; bpf_spin_unlock(&v->lock)
  spinlock: filtered([
    ...mapValue(6, M_LOCKED),
    insn(0xbf, 1, 6),
    insn(0x85, 0, 0, 0, 93),
    insn(0x79, 1, 6, 8),
    insn(0x07, 1, 0, 0, 1),
    insn(0x7b, 6, 1, 8),
    insn(0xbf, 1, 6),
    insn(0x85, 0, 0, 0, 94),
  ]),
  // key = 0; v = bpf_map_lookup_elem(&pcpu, &key); if (v) *v += 1
  percpu: filtered([
    insn(0x62, 10, 0, -4, 0),
    insn(0xbf, 2, 10),
    insn(0x07, 2, 0, 0, -4),
    { ...lddw(1, 0n, 1)[0], imm: M_PCPU },
    lddw(1, 0n, 1)[1],
    insn(0x85, 0, 0, 0, 1),
    insn(0x15, 0, 0, 3, 0),
    insn(0x79, 1, 0, 0),
    insn(0x07, 1, 0, 0, 1),
    insn(0x7b, 0, 1, 0),
  ]),
};

/** Reads the counter each program updates (the per-CPU one as one value per CPU). */
export function readCounters(memory: WebAssembly.Memory, cpus: number) {
  const dv = new DataView(memory.buffer);
  return {
    racy: dv.getBigUint64(COUNTER_ADDR, true),
    atomic: dv.getBigUint64(COUNTER_ADDR, true),
    spinlock: dv.getBigUint64(LOCKED_ADDR + 8, true),
    percpu: Array.from({ length: cpus }, (_, c) => dv.getBigUint64(PERCPU_BASE + c * PERCPU_PLANE, true)),
  };
}
