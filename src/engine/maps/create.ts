/**
 * Lays out one map in the shared heap: validates the definition like the kernel's map_alloc
 * checks, allocates the descriptor (descriptor.ts) and the data areas of its family, and
 * initialises them (zeroed values, global sections' initial bytes, hash buckets, free list,
 * per-agent spare elements). Inner-map templates get a descriptor with TEMPLATE_MAGIC: they
 * describe a shape and cannot be used as maps.
 */
import { align, EngineFault, type EngineMemory } from '../memory/index.ts';
import { type MapDef, MapType } from '../object.ts';
import { D, DESC_BYTES, DESC_MAGIC, dw, hashOrArray, isMapInMap, isPercpu, round8 } from './descriptor.ts';
import { hashElemGeometry } from './hash.ts';

export const TEMPLATE_MAGIC = 0x4d415054;
const MAX_MAP_BYTES = 256 * 1024 * 1024;

/**
 * What a per-CPU map costs the kernel: value size rounded up to 8, times entries, times every
 * *possible* CPU (COURSE fact 14; the per-CPU chapter's calculator).
 */
export function percpuMapBytes(valueSize: number, maxEntries: number, possibleCpus: number): number {
  return round8(valueSize) * maxEntries * possibleCpus;
}

/** Heap bytes `def` will take on `cpus` CPUs (an estimate that is never too small). */
export function mapBytes(def: MapDef, cpus: number): number {
  const stride = round8(def.valueSize);
  const max = def.maxEntries;
  let n = DESC_BYTES + 64;
  if (hashOrArray(def.type) === 'array') {
    n += isPercpu(def.type) ? cpus * (align(stride * max, 64) + 64) : align(stride * max, 64) + 64;
  } else {
    const g = hashElemGeometry(def.type, def.keySize, def.valueSize, max, cpus);
    n += g.nbuckets * 8 + g.elemSize * g.nelems + 4 * (cpus + 2) + 192;
    if (isPercpu(def.type)) n += cpus * (align(stride * g.nelems, 64) + 64);
  }
  if (def.inner) n += DESC_BYTES + 64;
  return n;
}

function fail(def: MapDef, why: string): never {
  throw new EngineFault('bad-map-def', `map "${def.name}": ${why}`);
}

function validate(def: MapDef, cpus: number): void {
  const known = Object.values(MapType) as number[];
  if (!known.includes(def.type)) fail(def, `unsupported map type ${def.type}`);
  for (const [k, v] of [
    ['key_size', def.keySize],
    ['value_size', def.valueSize],
    ['max_entries', def.maxEntries],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) fail(def, `${k} must be a positive integer (got ${v})`);
  }
  // Kernel: hash keys are copied to the BPF stack by programs, so at most MAX_BPF_STACK bytes.
  if (hashOrArray(def.type) === 'hash' && def.keySize > 512) fail(def, `key_size ${def.keySize} too large (max 512)`);
  if (hashOrArray(def.type) === 'array' && def.keySize !== 4)
    fail(def, `array maps need a 4-byte key (got ${def.keySize})`);
  if (isMapInMap(def.type)) {
    if (def.valueSize !== 4) fail(def, 'map-in-map values are 4 bytes (a map id)');
    if (!def.inner) fail(def, 'map-in-map needs an inner map template (__array(values, ...))');
  }
  if (def.spinLockOff >= 0) {
    if (def.type !== MapType.ARRAY && def.type !== MapType.HASH)
      fail(def, 'only ARRAY and HASH values may hold a spin lock');
    if (def.spinLockOff % 4 !== 0 || def.spinLockOff + 4 > def.valueSize) fail(def, 'bad spin lock offset');
  }
  if (mapBytes(def, cpus) > MAX_MAP_BYTES)
    fail(def, `too large (${mapBytes(def, cpus)} bytes; limit ${MAX_MAP_BYTES})`);
}

function writeDescriptor(mem: EngineMemory, desc: number, def: MapDef, cpus: number, index: number): void {
  const i32 = mem.i32;
  const w = (f: number, v: number) => {
    i32[dw(desc, f)] = v;
  };
  w(D.TYPE, def.type);
  w(D.KEY_SIZE, def.keySize);
  w(D.VALUE_SIZE, def.valueSize);
  w(D.MAX_ENTRIES, def.maxEntries);
  w(D.FLAGS, def.flags);
  w(D.LOCK_OFF, def.spinLockOff);
  w(D.INDEX, index);
  w(D.STRIDE, round8(def.valueSize));
  w(D.CPUS, cpus);
}

/**
 * Allocates and initialises map `def`; `index` is its place in ProgramObject.maps or -1;
 * `templateOf` the outer map's index for an inner map made from its template, or -1.
 */
export function createMap(mem: EngineMemory, def: MapDef, cpus: number, index: number, templateOf = -1): number {
  validate(def, cpus);
  const desc = mem.alloc(DESC_BYTES, 64);
  writeDescriptor(mem, desc, def, cpus, index);
  mem.i32[dw(desc, D.TEMPLATE_OF)] = templateOf;
  const stride = round8(def.valueSize);
  const set = (f: number, v: number) => {
    mem.i32[dw(desc, f)] = v;
  };
  if (hashOrArray(def.type) === 'array') {
    if (isPercpu(def.type)) {
      const plane = align(stride * def.maxEntries, 64);
      set(D.PCPU_PLANE, plane);
      set(D.PCPU, mem.alloc(plane * cpus, 64));
    } else {
      const data = mem.alloc(stride * def.maxEntries, 64);
      set(D.DATA, data);
      if (def.initial) mem.u8.set(def.initial.subarray(0, def.valueSize), data);
    }
  } else {
    initHash(mem, desc, def, cpus);
  }
  if (def.inner) {
    const t = createTemplate(mem, def.inner, cpus);
    set(D.INNER, t);
  }
  set(D.ID, mem.registerMapId(desc));
  Atomics.store(mem.i32, desc >> 2, DESC_MAGIC); // publish last: now it is a map
  return desc;
}

function createTemplate(mem: EngineMemory, def: MapDef, cpus: number): number {
  validate(def, cpus);
  // Kernel map_in_map.c: an inner map cannot hold a spin lock.
  if (def.spinLockOff >= 0) fail(def, 'inner maps of map-in-map cannot hold a spin lock');
  const t = mem.alloc(DESC_BYTES, 64);
  writeDescriptor(mem, t, def, cpus, -1);
  mem.i32[t >> 2] = TEMPLATE_MAGIC;
  return t;
}

function initHash(mem: EngineMemory, desc: number, def: MapDef, cpus: number): void {
  const i32 = mem.i32;
  const g = hashElemGeometry(def.type, def.keySize, def.valueSize, def.maxEntries, cpus);
  const set = (f: number, v: number) => {
    i32[dw(desc, f)] = v;
  };
  const buckets = mem.alloc(g.nbuckets * 8, 64);
  for (let b = 0; b < g.nbuckets; b++) i32[(buckets >> 2) + 2 * b + 1] = (b << 1) | 1;
  const data = mem.alloc(g.elemSize * g.nelems, 64);
  set(D.BUCKETS, buckets);
  set(D.NBUCKETS, g.nbuckets);
  set(D.ELEM_SIZE, g.elemSize);
  set(D.NELEMS, g.nelems);
  set(D.DATA, data);
  if (isPercpu(def.type)) {
    const plane = align(round8(def.valueSize) * g.nelems, 64);
    set(D.PCPU_PLANE, plane);
    set(D.PCPU, mem.alloc(plane * cpus, 64));
  }
  // Free list: every element, in address order. Then each agent takes its spare.
  for (let e = 0; e < g.nelems; e++) {
    const at = data + e * g.elemSize;
    i32[(at >> 2) + 1] = e + 1 < g.nelems ? at + g.elemSize : 0; // free link in the hash word
  }
  set(D.FREE_HEAD, data);
  const extra = mem.alloc(4 * (cpus + 2), 4);
  set(D.EXTRA, extra);
  if (!isPercpu(def.type)) {
    for (let k = 0; k < cpus + 2; k++) {
      const e = i32[dw(desc, D.FREE_HEAD)];
      i32[dw(desc, D.FREE_HEAD)] = i32[(e >> 2) + 1];
      i32[(extra >> 2) + k] = e;
    }
  }
}
