/**
 * Test support: small ProgramObjects with hand-written map definitions, and a way to put key
 * and value bytes into engine memory (a CPU's stack) so tests can call the BPF-side API the way
 * a program would.
 */
import type { EngineMemory } from '../../memory/index.ts';
import { type MapDef, MapType, type ProgramObject, type TypeLayout } from '../../object.ts';

export const u32: TypeLayout = { kind: 'int', name: 'u32', size: 4, signed: false };
export const u64: TypeLayout = { kind: 'int', name: 'u64', size: 8, signed: false };
export const s32: TypeLayout = { kind: 'int', name: 'int', size: 4, signed: true };

export function def(p: Partial<MapDef> & { name: string; type: MapDef['type'] }): MapDef {
  return {
    kind: 'map',
    keySize: 4,
    valueSize: 8,
    maxEntries: 4,
    flags: 0,
    spinLockOff: -1,
    key: u32,
    value: u64,
    ...p,
  };
}

export function object(maps: MapDef[]): ProgramObject {
  return { programs: [], maps, license: 'GPL' };
}

/** `struct pair { struct bpf_spin_lock lock; u32 count; u64 sum; }` (lock at 0). */
export const pairLayout: TypeLayout = {
  kind: 'struct',
  name: 'struct pair',
  size: 16,
  fields: [
    { name: 'lock', offset: 0, type: { kind: 'spin_lock', name: 'struct bpf_spin_lock', size: 4 } },
    { name: 'count', offset: 4, type: u32 },
    { name: 'sum', offset: 8, type: u64 },
  ],
};

export const standardMaps: MapDef[] = [
  def({ name: 'arr', type: MapType.ARRAY }),
  def({ name: 'h', type: MapType.HASH }),
  def({ name: 'pa', type: MapType.PERCPU_ARRAY, valueSize: 4, value: u32 }),
  def({ name: 'ph', type: MapType.PERCPU_HASH, valueSize: 12, value: undefined }),
  def({ name: 'locked', type: MapType.HASH, valueSize: 16, value: pairLayout, spinLockOff: 0 }),
  def({ name: 'larr', type: MapType.ARRAY, valueSize: 16, value: pairLayout, spinLockOff: 0, maxEntries: 1 }),
];

/** Writes `bytes` at the bottom of `cpu`'s stack area (slot `slot` of 64 bytes); returns the address. */
export function put(
  mem: EngineMemory,
  cpu: number,
  slot: number,
  bytes: Uint8Array | number | bigint,
  size = 8,
): number {
  const addr = mem.stackBottom(cpu) + slot * 64;
  if (bytes instanceof Uint8Array) mem.u8.set(bytes, addr);
  else {
    let v = BigInt.asUintN(size * 8, BigInt(bytes));
    for (let i = 0; i < size; i++) {
      mem.u8[addr + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return addr;
}

export function readU64(mem: EngineMemory, addr: number): bigint {
  return mem.dv.getBigUint64(addr, true);
}
