/**
 * Helper implementations, callable the same way from the interpreter and from JIT code in any
 * worker: `callHelper(id, r1, r2, r3, r4, r5, env)` returns r0 as a signed bigint (errors are
 * negative errnos, as in the kernel).
 *
 * Pointers in r1..r5 are engine-memory addresses; a map argument is a map descriptor address
 * (what `lddw rX, map` loads: MapSet.mapAddr). Every address is range-checked (defence in
 * depth behind the verifier); a bad one throws EngineFault, which the caller reports as a fault.
 *
 * Blocking: with `env.blocking === false` (the deterministic scheduler), a helper that would
 * wait for a lock (bpf_spin_lock held by another CPU, a BPF_F_LOCK update) returns
 * `HELPER_WOULD_BLOCK` instead and has no effect; the caller keeps the pc on the call and
 * runs another CPU, then calls again.
 *
 * The table of names, prototypes and docs is table.ts.
 */
import { D, DESC_BYTES, WOULD_BLOCK } from '../maps/descriptor.ts';
import { MapSet } from '../maps/map-set.ts';
import {
  attachEngineMemory,
  EngineFault,
  type EngineMemory,
  HEADER_BYTES,
  lockAcquire,
  lockRelease,
  lockTry,
  logWrite,
  nextRandom,
} from '../memory/index.ts';
import { formatPrintk } from './printk.ts';

export { formatPrintk } from './printk.ts';
export {
  HELPERS,
  type HelperArg,
  HelperId,
  type HelperRet,
  type HelperSpec,
  helperById,
  helperByName,
} from './table.ts';

/** r0 of a helper that must wait: not a real return value (no helper returns it). */
export const HELPER_WOULD_BLOCK = BigInt(WOULD_BLOCK);

export interface HelperEnv {
  maps: MapSet;
  /** The CPU running the invocation. */
  cpu: number;
  /** false in deterministic mode: never wait, return HELPER_WOULD_BLOCK instead. */
  blocking: boolean;
  /** bpf_ktime_get_ns. */
  clock: () => bigint;
  /** bpf_get_current_pid_tgid. */
  pidTgid: () => bigint;
  /** bpf_get_prandom_u32 (default: this CPU's seeded generator in shared memory). */
  random?: () => number;
  /** bpf_printk output (default: the shared log ring, drained with logDrain). */
  log?: (cpu: number, text: string) => void;
}

/**
 * A monotonic clock shared by every thread (one CPU's ktime must not run behind another's):
 * Node's hrtime, else the page's time origin plus performance.now() (per-thread origins differ).
 */
const hrtime = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process?.hrtime?.bigint;
export const monotonicNs: () => bigint = hrtime
  ? () => hrtime()
  : () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

/** A HelperEnv with defaults: the shared monotonic clock, a fixed pid/tgid, the shared ring. */
export function helperEnv(maps: MapSet, cpu: number, over: Partial<HelperEnv> = {}): HelperEnv {
  return {
    maps,
    cpu,
    blocking: true,
    clock: monotonicNs,
    pidTgid: () => (4242n << 32n) | BigInt(4242 + cpu),
    ...over,
  };
}

/**
 * For a worker that only runs programs (a JIT CPU): the helper dispatcher of CPU `cpu` over an
 * engine memory created elsewhere. Map descriptors live in the memory, so no map definitions
 * are needed; `blocking` defaults to true (parallel mode).
 */
export function createHelperFn(
  memory: WebAssembly.Memory,
  cpu: number,
  over: Partial<Omit<HelperEnv, 'maps' | 'cpu'>> = {},
): (id: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint) => bigint {
  const env = helperEnv(new MapSet(attachEngineMemory(memory), []), cpu, over);
  return (id, r1, r2, r3, r4, r5) => callHelper(id, r1, r2, r3, r4, r5, env);
}

function checkRange(mem: EngineMemory, addr: number, n: number, what: string): void {
  if (!(addr >= HEADER_BYTES && addr + n <= mem.u8.length)) {
    mem.refresh();
    if (!(addr >= HEADER_BYTES && addr + n <= mem.u8.length)) {
      throw new EngineFault('mem-fault', `${what}: invalid address 0x${(addr >>> 0).toString(16)} (${n} bytes)`);
    }
  }
}

/** A register as a 32-bit address, or -1 (never valid) when it cannot be one. */
function addr32(r: bigint): number {
  const n = Number(r); // one conversion; exact below 2^53, and anything above is out of range anyway
  return n >= 0 && n <= 0xffffffff ? n : -1;
}

/** Checks the map and key pointers of a map helper; returns the descriptor address. */
function mapArg(mem: EngineMemory, r1: bigint, key: number): number {
  const desc = addr32(r1);
  checkRange(mem, desc, DESC_BYTES, 'map');
  const keySize = mem.i32[(desc >> 2) + D.KEY_SIZE];
  checkRange(mem, key, keySize > 0 ? keySize : 1, 'key');
  return desc;
}

export function callHelper(
  id: number,
  r1: bigint,
  r2: bigint,
  r3: bigint,
  r4: bigint,
  r5: bigint,
  env: HelperEnv,
): bigint {
  const mem = env.maps.mem;
  switch (id) {
    case 1: {
      const key = addr32(r2);
      return BigInt(env.maps.lookup(mapArg(mem, r1, key), key, env.cpu));
    }
    case 2: {
      const key = addr32(r2);
      const desc = mapArg(mem, r1, key);
      const value = addr32(r3);
      checkRange(mem, value, mem.i32[(desc >> 2) + D.VALUE_SIZE], 'value');
      const flags = Number(BigInt.asUintN(32, r4)) | 0;
      const err = r4 > 0xffffffffn ? -22 : env.maps.update(desc, key, value, flags, env.cpu, env.blocking);
      return BigInt(err);
    }
    case 3: {
      const key = addr32(r2);
      return BigInt(env.maps.delete(mapArg(mem, r1, key), key, env.cpu, env.blocking));
    }
    case 5:
      return env.clock();
    case 6:
      return printk(env, r1, r2, [r3, r4, r5]);
    case 7:
      return BigInt((env.random ? env.random() : nextRandom(mem, env.cpu)) >>> 0);
    case 8:
      return BigInt(env.cpu);
    case 14:
      return env.pidTgid();
    case 93: {
      const lock = spinLockWord(mem, r1);
      if (env.blocking) lockAcquire(mem.i32, lock);
      else if (!lockTry(mem.i32, lock)) return HELPER_WOULD_BLOCK;
      return 0n;
    }
    case 94:
      lockRelease(mem.i32, spinLockWord(mem, r1));
      return 0n;
    default:
      throw new EngineFault('bad-helper', `unknown helper #${id}`);
  }
}

function spinLockWord(mem: EngineMemory, r: bigint): number {
  const a = addr32(r);
  checkRange(mem, a, 4, 'bpf_spin_lock');
  if (a % 4) throw new EngineFault('mem-fault', `bpf_spin_lock: misaligned lock 0x${a.toString(16)}`);
  return a >> 2;
}

function printk(env: HelperEnv, r1: bigint, r2: bigint, args: bigint[]): bigint {
  const mem = env.maps.mem;
  const fmtAddr = addr32(r1);
  const size = Number(BigInt.asUintN(32, r2));
  checkRange(mem, fmtAddr, Math.max(size, 1), 'bpf_trace_printk fmt');
  if (size === 0 || mem.u8[fmtAddr + size - 1] !== 0) return -22n; // must be NUL-terminated
  const end = mem.u8.indexOf(0, fmtAddr);
  const fmt = new TextDecoder().decode(mem.u8.slice(fmtAddr, end));
  const res = formatPrintk(fmt, args, (p, max) => {
    const a = addr32(p);
    if (!(a >= HEADER_BYTES && a < mem.u8.length)) return null;
    let e = a;
    while (e < mem.u8.length && e - a < max && mem.u8[e] !== 0) e++;
    return new TextDecoder().decode(mem.u8.slice(a, e));
  });
  if (res.err) return BigInt(res.err);
  const text = res.text.endsWith('\n') ? res.text.slice(0, -1) : res.text;
  if (env.log) env.log(env.cpu, text);
  else logWrite(mem, env.cpu, new TextEncoder().encode(text));
  return BigInt(new TextEncoder().encode(res.text).length);
}
