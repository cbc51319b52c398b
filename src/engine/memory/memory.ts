/**
 * The engine's one shared `WebAssembly.Memory` (layout in layout.ts): creation, attachment
 * from another worker, typed views, the heap's bump allocator, per-CPU area addresses and the
 * bpf_printk log ring.
 *
 * Views: a shared memory never detaches, but growing it (inner maps created at run time) makes
 * cached views too short; `view()`/`refresh()` re-create them when the buffer grew. Code that
 * touches only what existed when it started (the interpreter, helpers) can keep its views.
 *
 * Not here: what lives inside map storage (maps/), how contexts are filled (machine/).
 */

import {
  align,
  CTX_SIZE,
  computeLayout,
  H,
  ID_TABLE,
  MAGIC,
  MAX_CPUS,
  MAX_MAP_IDS,
  type MemoryLayout,
  PACKET_SIZE,
  RNG_BYTES,
  SCRATCH_SIZE,
  STACK_PER_CPU,
  VERSION,
  WASM_PAGE,
} from './layout.ts';
import { lockAcquire, lockRelease } from './lock.ts';
import { seedRng } from './rng.ts';

/** An engine error that is not a BPF-visible error code: a bad address, a full memory… */
export class EngineFault extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'EngineFault';
  }
}

export interface CreateMemoryOptions {
  cpus: number;
  /** Bytes the heap needs up front (maps); more is grown on demand. */
  heapBytes?: number;
  /** Upper bound on the whole memory in bytes (default: 512 MiB, or the initial size if larger). */
  maxBytes?: number;
  /** Seeds bpf_get_prandom_u32 (per CPU). */
  seed?: bigint | number;
}

export class EngineMemory {
  readonly memory: WebAssembly.Memory;
  readonly layout: MemoryLayout;
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  dv!: DataView;

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
    this.refresh();
    if (this.i32[H.MAGIC] !== MAGIC || this.i32[H.VERSION] !== VERSION) {
      throw new EngineFault('bad-memory', 'not a Lockstep engine memory (bad header)');
    }
    this.layout = computeLayout(this.i32[H.CPUS]);
  }

  get cpus(): number {
    return this.layout.cpus;
  }

  /** Re-creates the views if the memory grew; true if it did. */
  refresh(): boolean {
    const buf = this.memory.buffer;
    if (this.u8 && this.u8.buffer === buf && this.u8.length === buf.byteLength) return false;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.u32 = new Uint32Array(buf);
    this.dv = new DataView(buf);
    return true;
  }

  /** Makes sure the views reach `end` (exclusive), refreshing if another agent grew memory. */
  ensure(end: number): void {
    if (end > this.u8.length) {
      this.refresh();
      if (end > this.u8.length)
        throw new EngineFault('mem-fault', `address ${end} beyond memory end ${this.u8.length}`);
    }
  }

  /** Allocates `size` zeroed bytes on the heap, growing the memory if needed. */
  alloc(size: number, alignment = 8): number {
    lockAcquire(this.i32, H.ALLOC_LOCK);
    try {
      const brk = this.i32[H.BRK] >>> 0;
      const addr = align(brk, alignment);
      const end = addr + size;
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        try {
          this.memory.grow(Math.ceil((end - have) / WASM_PAGE));
        } catch {
          throw new EngineFault('no-memory', `engine memory exhausted allocating ${size} bytes`);
        }
      }
      this.refresh();
      Atomics.store(this.i32, H.BRK, end);
      return addr;
    } finally {
      lockRelease(this.i32, H.ALLOC_LOCK);
    }
  }

  /** The heap, where all map storage lives: [lo, hi). */
  heapRegion(): [number, number] {
    return [this.layout.heap, Atomics.load(this.i32, H.BRK) >>> 0];
  }

  /** r10 of frame 0 on `cpu` (the stack grows down from here). */
  stackTop(cpu: number): number {
    return this.layout.stacks + (cpu + 1) * STACK_PER_CPU;
  }

  /** Lowest stack byte of `cpu` (the deepest frame's bottom). */
  stackBottom(cpu: number): number {
    return this.layout.stacks + cpu * STACK_PER_CPU;
  }

  ctxAddr(cpu: number): number {
    return this.layout.ctx + cpu * CTX_SIZE;
  }

  packetAddr(cpu: number): number {
    return this.layout.packets + cpu * PACKET_SIZE;
  }

  rngAddr(cpu: number): number {
    return this.layout.rng + cpu * RNG_BYTES;
  }

  /** Scratch slot of an agent: 0..cpus-1 the CPUs, cpus userspace, cpus+1 the machine. */
  scratchAddr(agent: number): number {
    return this.layout.scratch + agent * SCRATCH_SIZE;
  }

  /** Registers a map descriptor; returns its id (1-based, like kernel map ids). */
  registerMapId(desc: number): number {
    const id = Atomics.add(this.i32, H.NEXT_MAP_ID, 1);
    if (id >= MAX_MAP_IDS) throw new EngineFault('no-memory', `too many maps (limit ${MAX_MAP_IDS - 1})`);
    Atomics.store(this.i32, ID_TABLE + id, desc);
    return id;
  }

  /** Descriptor address of map id `id`, or 0. */
  mapById(id: number): number {
    if (!(id > 0 && id < MAX_MAP_IDS)) return 0;
    return Atomics.load(this.i32, ID_TABLE + id) >>> 0;
  }

  /** Descriptor address of the object's map number `idx`, or 0. */
  mapByIndex(idx: number): number {
    if (!(idx >= 0 && idx < this.i32[H.MAP_COUNT])) return 0;
    return Atomics.load(this.i32, H.MAP_TABLE + idx) >>> 0;
  }

  get seed(): bigint {
    return (BigInt(this.i32[H.SEED_HI] >>> 0) << 32n) | BigInt(this.i32[H.SEED_LO] >>> 0);
  }
}

/** Creates the shared memory and writes its header. */
export function createEngineMemory(opts: CreateMemoryOptions): EngineMemory {
  const cpus = opts.cpus;
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > MAX_CPUS) {
    throw new EngineFault('bad-config', `cpus must be an integer in 1..${MAX_CPUS}, got ${cpus}`);
  }
  const layout = computeLayout(cpus);
  const initialBytes = align(layout.heap + (opts.heapBytes ?? 0) + WASM_PAGE, WASM_PAGE);
  const maxBytes = Math.max(align(opts.maxBytes ?? 1 << 29, WASM_PAGE), initialBytes);
  if (maxBytes > 2 ** 32 - WASM_PAGE) throw new EngineFault('no-memory', 'engine memory must stay below 4 GiB');
  const memory = new WebAssembly.Memory({
    initial: initialBytes / WASM_PAGE,
    maximum: maxBytes / WASM_PAGE,
    shared: true,
  });
  const i32 = new Int32Array(memory.buffer);
  i32[H.MAGIC] = MAGIC;
  i32[H.VERSION] = VERSION;
  i32[H.CPUS] = cpus;
  i32[H.BRK] = layout.heap;
  i32[H.STACKS] = layout.stacks;
  i32[H.CTX] = layout.ctx;
  i32[H.PACKETS] = layout.packets;
  i32[H.RNG] = layout.rng;
  i32[H.LOG] = layout.log;
  i32[H.SCRATCH] = layout.scratch;
  i32[H.SCRATCH_AGENTS] = layout.scratchAgents;
  i32[H.HEAP] = layout.heap;
  i32[H.NEXT_MAP_ID] = 1;
  const seed = BigInt.asUintN(64, BigInt(opts.seed ?? 0));
  i32[H.SEED_LO] = Number(seed & 0xffffffffn) | 0;
  i32[H.SEED_HI] = Number(seed >> 32n) | 0;
  const mem = new EngineMemory(memory);
  seedRng(mem, seed);
  // Publish the header before any other agent attaches (postMessage happens after this).
  Atomics.store(i32, H.MAGIC, MAGIC);
  return mem;
}

/** Attaches to a memory created by `createEngineMemory` (in another worker, say). */
export function attachEngineMemory(memory: WebAssembly.Memory): EngineMemory {
  return new EngineMemory(memory);
}
