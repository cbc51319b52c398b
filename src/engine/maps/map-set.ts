/**
 * MapSet: the maps of one ProgramObject living in one engine memory, with the API the helpers,
 * the userspace library and the machine use.
 * - BPF side (addresses in the shared memory): `mapAddr(i)` for `lddw rX, map`, `valueAddr`
 *   for `lddw rX, map_value + off` (globals), `lookup/update/delete(desc, keyAddr, …)`.
 * - Userspace side (copies, like the bpf() syscall): `*Bytes` byte-level calls and typed
 *   `lookupValue/updateValue/…` that encode and decode by the map's key and value layouts.
 * - Inner maps: `createInner(outer)` makes a map from an outer map's template.
 * Dumps for RunResult are in dump.ts. A MapSet holds no map data itself: `attachMaps` in
 * another worker gives an equivalent MapSet over the same memory.
 */
import { EngineFault, type EngineMemory, H, MAX_OBJECT_MAPS } from '../memory/index.ts';
import { type MapDef, MapType, type ProgramObject } from '../object.ts';
import type { Value } from '../results.ts';
import { decodeValue, encodeValue } from './codec.ts';
import { createMap } from './create.ts';
import { type Agent, D, EPERM, isMapInMap, isPercpu, round8 } from './descriptor.ts';
import { bpfDelete, bpfLookup, bpfUpdate, sysDelete, sysLookup, sysNextKey, sysUpdate } from './ops.ts';

export interface MapInfo {
  name: string;
  def: MapDef;
  desc: number;
  id: number;
  /** Index in ProgramObject.maps, or -1 for inner maps created at run time. */
  index: number;
}

/** A map named by its name, its index in ProgramObject.maps, or its info. */
export type MapRef = string | number | MapInfo;

export interface SysResult<T> {
  err: number;
  value: T | null;
}

export class MapSet {
  readonly mem: EngineMemory;
  readonly defs: MapDef[];
  readonly cpus: number;
  private readonly infos: MapInfo[];
  private readonly byDesc = new Map<number, MapInfo>();
  private readonly agents: Agent[] = [];

  constructor(mem: EngineMemory, defs: MapDef[]) {
    this.mem = mem;
    this.defs = defs;
    this.cpus = mem.cpus;
    this.infos = defs.map((def, index) => {
      const desc = mem.mapByIndex(index);
      if (!desc) throw new EngineFault('bad-memory', `map "${def.name}" is not in this memory`);
      const info = { name: def.name, def, desc, id: mem.i32[(desc >> 2) + D.ID], index };
      this.byDesc.set(desc, info);
      return info;
    });
  }

  /** The agent for CPU `cpu` (cpus = userspace, cpus + 1 = machine); cached. */
  agent(cpu: number, blocking = true): Agent {
    const k = cpu * 2 + (blocking ? 1 : 0);
    let a = this.agents[k];
    if (!a) {
      // Each agent owns a spare element per hash map: an unknown agent would corrupt them.
      if (!(Number.isInteger(cpu) && cpu >= 0 && cpu <= this.cpus + 1)) {
        throw new EngineFault('bad-cpu', `no CPU ${cpu} in a ${this.cpus}-CPU engine`);
      }
      a = { mem: this.mem, cpu, blocking };
      this.agents[k] = a;
    }
    return a;
  }

  get userspaceAgent(): number {
    return this.cpus;
  }

  list(): MapInfo[] {
    return this.infos.slice();
  }

  get(ref: MapRef): MapInfo {
    if (typeof ref === 'object') return ref;
    const info = typeof ref === 'number' ? this.infos[ref] : this.infos.find((m) => m.name === ref);
    if (!info) throw new EngineFault('no-such-map', `no map ${JSON.stringify(ref)}`);
    return info;
  }

  /** Info for any map descriptor, including inner maps created by another agent. */
  infoOf(desc: number): MapInfo {
    let info = this.byDesc.get(desc);
    if (info) return info;
    const i32 = this.mem.i32;
    const outer = i32[(desc >> 2) + D.TEMPLATE_OF];
    const def = outer >= 0 ? this.defs[outer]?.inner : undefined;
    if (!def) throw new EngineFault('no-such-map', `no map at 0x${desc.toString(16)}`);
    const id = i32[(desc >> 2) + D.ID];
    info = { name: `${this.defs[outer].name}.inner#${id}`, def, desc, id, index: -1 };
    this.byDesc.set(desc, info);
    return info;
  }

  byId(id: number): MapInfo | null {
    const desc = this.mem.mapById(id);
    return desc ? this.infoOf(desc) : null;
  }

  // ---- BPF side ----

  /** What `lddw rX, map` (BPF_PSEUDO_MAP_FD, imm = index) loads: the map's descriptor. */
  mapAddr(ref: MapRef): number {
    return this.get(ref).desc;
  }

  /** What `lddw rX, map_value` loads: the address of byte `off` of the map's first value. */
  valueAddr(index: number, off: number): number {
    const { desc, def } = this.get(index);
    if (isPercpu(def.type) || isMapInMap(def.type) || def.type === MapType.HASH) {
      throw new EngineFault('bad-map', `map "${def.name}" has no direct value address`);
    }
    return this.mem.i32[(desc >> 2) + D.DATA] + off;
  }

  /**
   * For ARRAY and PERCPU_ARRAY maps (globals included): value `k` of CPU `c` is at
   * `base + k·keyStride + c·cpuStride` (cpuStride 0 when shared), so a JIT can inline lookups.
   * Undefined for other types.
   */
  arrayLayout(ref: MapRef): { base: number; keyStride: number; cpuStride: number; maxEntries: number } | undefined {
    const { desc, def } = this.get(ref);
    const i32 = this.mem.i32;
    const w = desc >> 2;
    const keyStride = i32[w + D.STRIDE];
    if (def.type === MapType.ARRAY)
      return { base: i32[w + D.DATA], keyStride, cpuStride: 0, maxEntries: def.maxEntries };
    if (def.type === MapType.PERCPU_ARRAY) {
      return { base: i32[w + D.PCPU], keyStride, cpuStride: i32[w + D.PCPU_PLANE], maxEntries: def.maxEntries };
    }
    return undefined;
  }

  lookup(desc: number, keyAddr: number, cpu: number): number {
    return bpfLookup(this.agent(cpu), desc, this.mem.u8, keyAddr);
  }

  update(desc: number, keyAddr: number, valueAddr: number, flags: number, cpu: number, blocking = true): number {
    return bpfUpdate(this.agent(cpu, blocking), desc, this.mem.u8, keyAddr, this.mem.u8, valueAddr, flags);
  }

  delete(desc: number, keyAddr: number, cpu: number, blocking = true): number {
    return bpfDelete(this.agent(cpu, blocking), desc, this.mem.u8, keyAddr);
  }

  // ---- userspace side, bytes ----

  /** Bytes of a userspace value buffer: per-CPU maps take one rounded value per CPU. */
  valueBytes(ref: MapRef): number {
    const { def } = this.get(ref);
    return isPercpu(def.type) ? round8(def.valueSize) * this.cpus : def.valueSize;
  }

  lookupBytes(ref: MapRef, key: Uint8Array, flags = 0, blocking = true): SysResult<Uint8Array> {
    const m = this.get(ref);
    this.checkKey(m, key);
    const out = new Uint8Array(this.valueBytes(m));
    const err = sysLookup(this.agent(this.cpus, blocking), m.desc, key, 0, out, flags);
    return { err, value: err ? null : out };
  }

  updateBytes(ref: MapRef, key: Uint8Array, value: Uint8Array, flags = 0, blocking = true): number {
    const m = this.get(ref);
    this.checkKey(m, key);
    if (m.def.kind === 'rodata') return -EPERM; // libbpf freezes .rodata after loading
    if (value.length < this.valueBytes(m)) {
      throw new EngineFault(
        'bad-value',
        `map "${m.name}": value needs ${this.valueBytes(m)} bytes, got ${value.length}`,
      );
    }
    return sysUpdate(this.agent(this.cpus, blocking), m.desc, key, 0, value, 0, flags);
  }

  deleteBytes(ref: MapRef, key: Uint8Array, blocking = true): number {
    const m = this.get(ref);
    this.checkKey(m, key);
    return sysDelete(this.agent(this.cpus, blocking), m.desc, key, 0);
  }

  nextKeyBytes(ref: MapRef, key: Uint8Array | null): SysResult<Uint8Array> {
    const m = this.get(ref);
    if (key) this.checkKey(m, key);
    const out = new Uint8Array(m.def.keySize);
    const err = sysNextKey(this.agent(this.cpus), m.desc, key, 0, out);
    return { err, value: err ? null : out };
  }

  /** Every key, by get_next_key from the start (a racy walk, like userspace's). */
  keysBytes(ref: MapRef): Uint8Array[] {
    const keys: Uint8Array[] = [];
    let k: Uint8Array | null = null;
    const limit = this.get(ref).def.maxEntries + 1;
    for (;;) {
      const r = this.nextKeyBytes(ref, k);
      if (r.err || !r.value || keys.length > limit) return keys;
      keys.push(r.value);
      k = r.value;
    }
  }

  private checkKey(m: MapInfo, key: Uint8Array): void {
    if (key.length < m.def.keySize) {
      throw new EngineFault('bad-key', `map "${m.name}": key needs ${m.def.keySize} bytes, got ${key.length}`);
    }
  }

  // ---- userspace side, typed ----

  encodeKey(ref: MapRef, key: Value | Uint8Array): Uint8Array {
    const { def } = this.get(ref);
    const b = new Uint8Array(def.keySize);
    encodeValue(b, 0, def.keySize, def.key, key);
    return b;
  }

  decodeKey(ref: MapRef, key: Uint8Array): Value {
    const { def } = this.get(ref);
    return decodeValue(key, 0, def.keySize, def.key);
  }

  /** Encodes a value; per-CPU maps take a list (one per CPU) or one value for every CPU. */
  encodeValue(ref: MapRef, value: Value | Uint8Array | MapInfo): Uint8Array {
    const m = this.get(ref);
    const { def } = m;
    const b = new Uint8Array(this.valueBytes(m));
    if (isMapInMap(def.type)) {
      const id = typeof value === 'object' && value !== null && 'desc' in value ? value.id : value;
      encodeValue(b, 0, 4, undefined, id as Value);
    } else if (isPercpu(def.type) && !(value instanceof Uint8Array)) {
      const stride = round8(def.valueSize);
      const perCpu = Array.isArray(value) && value.length === this.cpus && !isArrayType(def) ? value : null;
      for (let c = 0; c < this.cpus; c++) {
        encodeValue(b, c * stride, def.valueSize, def.value, (perCpu ? perCpu[c] : value) as Value);
      }
    } else {
      encodeValue(b, 0, def.valueSize, def.value, value as Value | Uint8Array);
    }
    return b;
  }

  /** Decodes a userspace value buffer: a value, a list per CPU, or an inner map id. */
  decodeValue(ref: MapRef, bytes: Uint8Array): Value {
    const { def } = this.get(ref);
    if (isMapInMap(def.type)) return decodeValue(bytes, 0, 4, undefined);
    if (isPercpu(def.type)) {
      const stride = round8(def.valueSize);
      return Array.from({ length: this.cpus }, (_, c) => decodeValue(bytes, c * stride, def.valueSize, def.value));
    }
    return decodeValue(bytes, 0, def.valueSize, def.value);
  }

  lookupValue(ref: MapRef, key: Value | Uint8Array, flags = 0, blocking = true): SysResult<Value> {
    const r = this.lookupBytes(ref, this.encodeKey(ref, key), flags, blocking);
    return { err: r.err, value: r.value ? this.decodeValue(ref, r.value) : null };
  }

  updateValue(ref: MapRef, key: Value | Uint8Array, value: Value | Uint8Array | MapInfo, flags = 0, blocking = true) {
    return this.updateBytes(ref, this.encodeKey(ref, key), this.encodeValue(ref, value), flags, blocking);
  }

  deleteValue(ref: MapRef, key: Value | Uint8Array, blocking = true): number {
    return this.deleteBytes(ref, this.encodeKey(ref, key), blocking);
  }

  nextKeyValue(ref: MapRef, key: Value | Uint8Array | null): SysResult<Value> {
    const r = this.nextKeyBytes(ref, key === null ? null : this.encodeKey(ref, key));
    return { err: r.err, value: r.value ? this.decodeKey(ref, r.value) : null };
  }

  // ---- inner maps ----

  /** Creates a new, empty inner map from outer map `outer`'s template. */
  createInner(outer: MapRef): MapInfo {
    const o = this.get(outer);
    if (!o.def.inner || o.index < 0) throw new EngineFault('bad-map', `map "${o.name}" is not an outer map`);
    const desc = createMap(this.mem, o.def.inner, this.cpus, -1, o.index);
    return this.infoOf(desc);
  }
}

/** Whether a value type is itself a C array (then a list is one value, not one per CPU). */
function isArrayType(def: MapDef): boolean {
  return def.value?.kind === 'array';
}

/** Lays out and initialises every map of `obj` in `mem` (map-in-map slots last). */
export function createMaps(obj: ProgramObject, mem: EngineMemory): MapSet {
  const i32 = mem.i32;
  if (obj.maps.length > MAX_OBJECT_MAPS) {
    throw new EngineFault('bad-map-def', `too many maps (${obj.maps.length}; limit ${MAX_OBJECT_MAPS})`);
  }
  obj.maps.forEach((def, index) => {
    const desc = createMap(mem, def, mem.cpus, index);
    Atomics.store(i32, H.MAP_TABLE + index, desc);
  });
  Atomics.store(i32, H.MAP_COUNT, obj.maps.length);
  const set = new MapSet(mem, obj.maps);
  for (const def of obj.maps) {
    for (const iv of def.initValues ?? []) {
      const inner = obj.maps.find((m) => m.name === iv.map);
      if (!inner)
        throw new EngineFault('bad-map-def', `map "${def.name}": initial value names unknown map "${iv.map}"`);
      const err = set.updateValue(def.name, BigInt(iv.index), set.get(inner.name));
      if (err)
        throw new EngineFault('bad-map-def', `map "${def.name}": cannot put "${iv.map}" in slot ${iv.index} (${err})`);
    }
  }
  return set;
}

/** A MapSet over a memory that `createMaps` already initialised (e.g. in another worker). */
export function attachMaps(obj: ProgramObject, mem: EngineMemory): MapSet {
  return new MapSet(mem, obj.maps);
}
