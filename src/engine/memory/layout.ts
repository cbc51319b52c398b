/**
 * The layout of the engine's one shared `WebAssembly.Memory` (DESIGN §2.4). Every BPF-visible
 * byte lives in it, so a worker that imports the same memory sees the same maps, stacks and
 * contexts. Pointers handed to BPF are byte offsets into it (they fit in 32 bits).
 *
 * ```
 * 0            header (HEADER_BYTES): the words below, then the map table (object index →
 *              descriptor) and the map-id table (id → descriptor). Also the NULL guard: no BPF
 *              pointer ever points below HEADER_BYTES, so NULL + small offset always faults.
 * stacks       per CPU: MAX_FRAMES × FRAME_SIZE bytes; r10 of frame 0 is the top of the CPU's
 *              slice, frame d has r10 = top − d·FRAME_SIZE (the stack grows down).
 * ctx          per CPU: CTX_SIZE bytes for the program's context (xdp_md, __sk_buff, tracepoint
 *              record…); the machine fills it before each invocation.
 * packets      per CPU: PACKET_SIZE bytes (XDP/TC packet data, like BPF_PROG_TEST_RUN's).
 * rng          per CPU: 16 bytes of xorshift128 state for bpf_get_prandom_u32.
 * log ring     LOG_SIZE bytes of bpf_printk records: [u16 cpu][u16 len][bytes] 4-aligned.
 * scratch      SCRATCH_SIZE bytes per agent (CPUs, userspace, machine) for temporary values.
 * heap         page-aligned; map descriptors and map data, bump-allocated (brk grows, never
 *              shrinks; inner maps created at run time come from here too).
 * ```
 *
 * The header is self-describing: `attachEngineMemory` needs only the Memory object.
 * This module is the layout only; allocation and views are in memory.ts.
 */

export const MAGIC = 0x4c4b5350; // 'LKSP'
export const VERSION = 1;

export const WASM_PAGE = 65536;
export const HEADER_BYTES = 16384;
export const FRAME_SIZE = 512;
export const MAX_FRAMES = 8;
export const STACK_PER_CPU = FRAME_SIZE * MAX_FRAMES;
export const CTX_SIZE = 1024;
export const PACKET_SIZE = 8192;
export const RNG_BYTES = 16;
export const LOG_SIZE = 1 << 16;
export const SCRATCH_SIZE = 4096;
export const MAX_CPUS = 256;
/** Capacity of the map-id table (maps declared by the object plus inner maps created later). */
export const MAX_MAP_IDS = 1024;
/** Capacity of the map table (maps declared by the object). */
export const MAX_OBJECT_MAPS = 512;

/** Int32 word indexes in the header. */
export const H = {
  MAGIC: 0,
  VERSION: 1,
  CPUS: 2,
  /** Bump pointer of the heap (bytes); advanced under ALLOC_LOCK. */
  BRK: 3,
  ALLOC_LOCK: 4,
  STACKS: 5,
  CTX: 6,
  PACKETS: 7,
  RNG: 8,
  LOG: 9,
  LOG_LOCK: 10,
  /** Monotonic byte counters of the log ring (write and read positions, modulo 2^31). */
  LOG_HEAD: 11,
  LOG_TAIL: 12,
  LOG_DROPPED: 13,
  SCRATCH: 14,
  SCRATCH_AGENTS: 15,
  HEAP: 16,
  MAP_COUNT: 17,
  NEXT_MAP_ID: 18,
  /** The run's seed (low and high 32 bits), kept so a worker can report it. */
  SEED_LO: 19,
  SEED_HI: 20,
  /** First word of the map table (MAX_OBJECT_MAPS words), then the id table (MAX_MAP_IDS words). */
  MAP_TABLE: 64,
} as const;

export const ID_TABLE = H.MAP_TABLE + MAX_OBJECT_MAPS;

/** Where each area starts, computed once from the CPU count (identical on every agent). */
export interface MemoryLayout {
  cpus: number;
  stacks: number;
  ctx: number;
  packets: number;
  rng: number;
  log: number;
  scratch: number;
  /** Scratch slots: one per CPU, then userspace (cpus), then the machine (cpus + 1). */
  scratchAgents: number;
  heap: number;
}

export function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export function computeLayout(cpus: number): MemoryLayout {
  const stacks = HEADER_BYTES;
  const ctx = stacks + cpus * STACK_PER_CPU;
  const packets = ctx + cpus * CTX_SIZE;
  const rng = packets + cpus * PACKET_SIZE;
  const log = align(rng + cpus * RNG_BYTES, 64);
  const scratch = log + LOG_SIZE;
  const scratchAgents = cpus + 2;
  const heap = align(scratch + scratchAgents * SCRATCH_SIZE, WASM_PAGE);
  return { cpus, stacks, ctx, packets, rng, log, scratch, scratchAgents, heap };
}
