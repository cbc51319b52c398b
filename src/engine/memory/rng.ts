/**
 * bpf_get_prandom_u32's generators: one xorshift128 state per CPU in the shared memory (so a
 * JIT worker draws from the same stream the interpreter would), seeded from the run's seed
 * with splitmix64 so every seed and CPU gets a distinct, never-zero state. Only the CPU's own
 * agent advances its state. Not cryptographic, like the kernel's prandom.
 */
import type { EngineMemory } from './memory.ts';

/** splitmix64 of seed+cpu gives each CPU its own xorshift128 state (never all zero). */
export function seedRng(mem: EngineMemory, seed: bigint): void {
  for (let cpu = 0; cpu < mem.cpus; cpu++) {
    let x = BigInt.asUintN(64, seed + BigInt(cpu) * 0x9e3779b97f4a7c15n);
    for (let w = 0; w < 4; w += 2) {
      x = BigInt.asUintN(64, x + 0x9e3779b97f4a7c15n);
      let z = x;
      z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
      z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
      z ^= z >> 31n;
      const base = mem.rngAddr(cpu);
      mem.dv.setUint32(base + w * 4, Number(z & 0xffffffffn) || 1, true);
      mem.dv.setUint32(base + w * 4 + 4, Number(z >> 32n) || 1, true);
    }
  }
}

/** The next u32 from `cpu`'s generator (xorshift128); only that CPU's agent calls it. */
export function nextRandom(mem: EngineMemory, cpu: number): number {
  const i = mem.rngAddr(cpu) >> 2;
  const a = mem.u32;
  let t = a[i + 3];
  const s = a[i];
  a[i + 3] = a[i + 2];
  a[i + 2] = a[i + 1];
  a[i + 1] = s;
  t ^= t << 11;
  t ^= t >>> 8;
  a[i] = (t ^ s ^ (s >>> 19)) >>> 0;
  return a[i];
}
