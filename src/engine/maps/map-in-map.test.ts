import { describe, expect, test } from 'vitest';
import { type MapDef, MapType } from '../object.ts';
import { BPF_ANY, BPF_EXIST, BPF_NOEXIST, dumpMaps, E2BIG, EBADF, EINVAL, ENOENT, setupMaps } from './index.ts';
import { def, object, put, readU64 } from './testdata/objects.ts';

const inner = def({ name: 'inner_tmpl', type: MapType.ARRAY, maxEntries: 2 });

function build(outerType: MapDef['type']) {
  return setupMaps(
    object([
      def({ name: 'slot0', type: MapType.ARRAY, maxEntries: 2 }),
      def({
        name: 'outer',
        type: outerType,
        valueSize: 4,
        value: undefined,
        maxEntries: 2,
        inner,
        initValues: [{ index: 0, map: 'slot0' }],
      }),
      def({ name: 'wrong', type: MapType.ARRAY, maxEntries: 3 }),
    ]),
    { cpus: 2 },
  );
}

describe.each([
  ['ARRAY_OF_MAPS', MapType.ARRAY_OF_MAPS],
  ['HASH_OF_MAPS', MapType.HASH_OF_MAPS],
] as const)('%s', (_name, type) => {
  test('BPF lookup returns the inner map, usable as a map', () => {
    const maps = build(type);
    const mem = maps.mem;
    const innerDesc = maps.lookup(maps.mapAddr('outer'), put(mem, 0, 0, 0, 4), 0);
    expect(innerDesc).toBe(maps.mapAddr('slot0'));
    expect(maps.update(innerDesc, put(mem, 0, 0, 1, 4), put(mem, 0, 1, 11n), BPF_ANY, 0)).toBe(0);
    expect(maps.lookupValue('slot0', 1n).value).toBe(11n);
    expect(maps.lookup(maps.mapAddr('outer'), put(mem, 0, 0, 1, 4), 0)).toBe(0); // empty slot
    // Programs cannot update or delete outer maps.
    expect(maps.update(maps.mapAddr('outer'), put(mem, 0, 0, 1, 4), put(mem, 0, 1, 0n), BPF_ANY, 0)).toBe(-EINVAL);
  });

  test('userspace swaps in a fresh inner map atomically; the old one stays intact', () => {
    const maps = build(type);
    const mem = maps.mem;
    expect(maps.updateValue('slot0', 0n, 5n)).toBe(0);
    const reader = maps.lookup(maps.mapAddr('outer'), put(mem, 1, 0, 0, 4), 1); // a program holds the old map
    const fresh = maps.createInner('outer');
    expect(fresh.def).toBe(inner);
    expect(maps.updateValue('outer', 0n, fresh)).toBe(0);
    expect(maps.lookup(maps.mapAddr('outer'), put(mem, 0, 0, 0, 4), 0)).toBe(fresh.desc);
    // A straggler still writing through the old map lands in the old map, not the new one.
    const v = maps.lookup(reader, put(mem, 1, 0, 0, 4), 1);
    mem.dv.setBigUint64(v, 6n, true);
    expect(readU64(mem, v)).toBe(6n);
    expect(maps.lookupValue(fresh, 0n).value).toBe(0n);
    expect(maps.lookupValue('slot0', 0n).value).toBe(6n);
    // Userspace lookups of an outer map return the inner map's id.
    expect(maps.lookupValue('outer', 0n).value).toBe(BigInt(fresh.id));
    expect(maps.byId(fresh.id)?.desc).toBe(fresh.desc);
    expect(dumpMaps(maps).outer).toEqual([
      {
        key: 0n,
        value: [
          { key: 0n, value: 0n },
          { key: 1n, value: 0n },
        ],
      },
    ]);
  });

  test('errors: incompatible inner map, unknown id, delete', () => {
    const maps = build(type);
    expect(maps.updateValue('outer', 1n, maps.get('wrong'))).toBe(-EINVAL);
    expect(maps.updateValue('outer', 1n, 999n)).toBe(-EBADF);
    expect(maps.deleteValue('outer', 0n)).toBe(0);
    expect(maps.deleteValue('outer', 0n)).toBe(-ENOENT);
    expect(maps.lookupValue('outer', 0n).err).toBe(-ENOENT);
  });
});

test('ARRAY_OF_MAPS takes only BPF_ANY and indexes below max_entries', () => {
  const maps = build(MapType.ARRAY_OF_MAPS);
  const m = maps.createInner('outer');
  expect(maps.updateValue('outer', 1n, m, BPF_NOEXIST)).toBe(-EINVAL);
  expect(maps.updateValue('outer', 1n, m, BPF_EXIST)).toBe(-EINVAL);
  expect(maps.updateValue('outer', 2n, m)).toBe(-E2BIG);
  expect(maps.deleteValue('outer', 2n)).toBe(-E2BIG);
});

test('HASH_OF_MAPS honours NOEXIST/EXIST and fills up', () => {
  const maps = build(MapType.HASH_OF_MAPS);
  const m = maps.createInner('outer');
  expect(maps.updateValue('outer', 0n, m, BPF_NOEXIST)).toBe(-17);
  expect(maps.updateValue('outer', 5n, m, BPF_EXIST)).toBe(-ENOENT);
  expect(maps.updateValue('outer', 5n, m)).toBe(0);
  expect(maps.updateValue('outer', 6n, m)).toBe(-E2BIG);
});

test('bad definitions are refused with the map name', () => {
  expect(() => setupMaps(object([def({ name: 'x', type: MapType.ARRAY, keySize: 8 })]), { cpus: 1 })).toThrow(
    /map "x": array maps need a 4-byte key/,
  );
  expect(() => setupMaps(object([def({ name: 'y', type: MapType.HASH, maxEntries: 0 })]), { cpus: 1 })).toThrow(
    /map "y": max_entries/,
  );
  expect(() => setupMaps(object([def({ name: 'z', type: MapType.ARRAY_OF_MAPS, valueSize: 4 })]), { cpus: 1 })).toThrow(
    /inner map template/,
  );
  expect(() =>
    setupMaps(object([def({ name: 'w', type: MapType.PERCPU_ARRAY, spinLockOff: 0 })]), { cpus: 1 }),
  ).toThrow(/spin lock/);
  const lockedInner = def({ name: 'li', type: MapType.HASH, valueSize: 8, spinLockOff: 0 });
  expect(() =>
    setupMaps(object([def({ name: 'o', type: MapType.ARRAY_OF_MAPS, valueSize: 4, inner: lockedInner })]), { cpus: 1 }),
  ).toThrow(/inner maps of map-in-map cannot hold a spin lock/);
  expect(() => setupMaps(object([def({ name: 'huge', type: MapType.HASH, maxEntries: 1e8 })]), { cpus: 1 })).toThrow(
    /too large/,
  );
});

test('an agent with stale views sees inner maps another agent created after growing memory', async () => {
  const { attachEngineMemory } = await import('../memory/index.ts');
  const { attachMaps } = await import('./index.ts');
  const big = def({ name: 'big', type: MapType.ARRAY, maxEntries: 50_000, valueSize: 8 });
  const obj = object([def({ name: 'o', type: MapType.ARRAY_OF_MAPS, valueSize: 4, value: undefined, inner: big })]);
  const maps = setupMaps(obj, { cpus: 1, innerReserve: 0 });
  const other = attachMaps(obj, attachEngineMemory(maps.mem.memory)); // a second worker's view
  const before = other.mem.u8.length;
  const inner = maps.createInner('o');
  expect(maps.updateValue('o', 0n, inner)).toBe(0);
  expect(maps.mem.u8.length).toBeGreaterThan(before);
  const innerDesc = other.lookup(other.mapAddr('o'), put(other.mem, 0, 0, 0, 4), 0);
  expect(innerDesc).toBe(inner.desc);
  const v = other.lookup(innerDesc, put(other.mem, 0, 0, 49_999, 4), 0);
  other.mem.dv.setBigUint64(v, 77n, true);
  expect(maps.lookupValue(inner, 49_999n).value).toBe(77n);
});
