/**
 * Map contents as RunResult reports them (DESIGN §2.5):
 * - `dumpMaps`: every map declared in SEC(".maps") by name, entries in key order; shared maps
 *   as `{key, value}`, per-CPU maps as `{key, values: [one per CPU]}`; an outer map's value is
 *   its inner map's entries (ids differ between engines, contents do not); empty slots are
 *   left out, as a userspace lookup gets -ENOENT for them.
 * - `dumpGlobals`: every variable of .bss/.data/.rodata by name (MapDef.vars).
 * - `dumpMapsHex`: the real-kernel oracle's shape (hex keys and values, globals under
 *   `.bss`/`.data`/`.rodata`), for differential tests.
 * Values are read as a userspace lookup reads them (copies; the spin lock word reads 0).
 */
import type { MapEntry, Value } from '../results.ts';
import { compareValues, decodeValue } from './codec.ts';
import { isMapInMap, isPercpu } from './descriptor.ts';
import type { MapInfo, MapSet } from './map-set.ts';

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Raw entries of a map, by get_next_key then lookup. */
function rawEntries(set: MapSet, m: MapInfo): { key: Uint8Array; value: Uint8Array }[] {
  const out: { key: Uint8Array; value: Uint8Array }[] = [];
  for (const key of set.keysBytes(m)) {
    const r = set.lookupBytes(m, key);
    if (!r.err && r.value) out.push({ key, value: r.value });
  }
  return out;
}

export function mapEntries(set: MapSet, m: MapInfo, depth = 0): MapEntry[] {
  const entries: MapEntry[] = rawEntries(set, m).map(({ key, value }) => {
    const k = set.decodeKey(m, key);
    if (isPercpu(m.def.type)) return { key: k, values: set.decodeValue(m, value) as Value[] };
    if (isMapInMap(m.def.type)) {
      const id = Number(decodeValue(value, 0, 4, undefined));
      const inner = set.byId(id);
      const contents = inner && depth < 4 ? mapEntries(set, inner, depth + 1) : [];
      return { key: k, value: contents as unknown as Value };
    }
    return { key: k, value: set.decodeValue(m, value) };
  });
  return entries.sort((a, b) => compareValues(a.key, b.key));
}

export function dumpMaps(set: MapSet): Record<string, MapEntry[]> {
  const maps: Record<string, MapEntry[]> = {};
  for (const m of set.list()) if (m.def.kind === 'map') maps[m.name] = mapEntries(set, m);
  return maps;
}

export function dumpGlobals(set: MapSet): Record<string, Value> {
  const globals: Record<string, Value> = {};
  for (const m of set.list()) {
    if (m.def.kind === 'map' || !m.def.vars?.length) continue;
    const r = set.lookupBytes(m, new Uint8Array(4));
    if (r.err || !r.value) continue;
    for (const v of m.def.vars) globals[v.name] = decodeValue(r.value, v.offset, v.type.size, v.type);
  }
  return globals;
}

export function dumpMapsHex(set: MapSet): Record<string, { key: string; value: string }[]> {
  const maps: Record<string, { key: string; value: string }[]> = {};
  for (const m of set.list()) {
    const name = m.def.kind === 'map' ? m.name : `.${m.def.kind}`;
    maps[name] = rawEntries(set, m)
      .map(({ key, value }) => ({ key: hex(key), value: hex(value) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return maps;
}
