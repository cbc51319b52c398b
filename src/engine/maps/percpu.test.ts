import { describe, expect, test } from 'vitest';
import { MapType } from '../object.ts';
import {
  BPF_ANY,
  BPF_EXIST,
  BPF_F_LOCK,
  BPF_NOEXIST,
  E2BIG,
  EEXIST,
  EINVAL,
  ENOENT,
  percpuMapBytes,
  setupMaps,
} from './index.ts';
import { def, object, put, standardMaps } from './testdata/objects.ts';

describe('per-CPU value rounding', () => {
  // value_size → bytes per CPU in a userspace buffer (round_up(value_size, 8))
  const cases: [number, number][] = [
    [1, 8],
    [4, 8],
    [8, 8],
    [12, 16],
    [17, 24],
  ];
  test.each(cases)('value_size %i takes %i bytes per CPU', (valueSize, perCpu) => {
    for (const type of [MapType.PERCPU_ARRAY, MapType.PERCPU_HASH]) {
      const maps = setupMaps(object([def({ name: 'm', type, valueSize, value: undefined })]), { cpus: 3 });
      expect(maps.valueBytes('m')).toBe(perCpu * 3);
      const buf = new Uint8Array(perCpu * 3);
      for (let c = 0; c < 3; c++) buf.fill(c + 1, c * perCpu, c * perCpu + valueSize);
      expect(maps.updateBytes('m', new Uint8Array(4), buf)).toBe(0);
      const back = maps.lookupBytes('m', new Uint8Array(4)).value!;
      expect(back).toEqual(buf); // padding stays zero
    }
  });
});

describe('PERCPU_ARRAY', () => {
  test('BPF update touches only its own CPU; CPUs live in separate cache lines', () => {
    const maps = setupMaps(object(standardMaps), { cpus: 4 });
    const pa = maps.mapAddr('pa');
    const addrs = [0, 1, 2, 3].map((c) => maps.lookup(pa, put(maps.mem, c, 0, 2, 4), c));
    for (let c = 1; c < 4; c++) expect(Math.abs(addrs[c] - addrs[c - 1])).toBeGreaterThanOrEqual(64);
    expect(maps.update(pa, put(maps.mem, 2, 0, 2, 4), put(maps.mem, 2, 1, 77, 4), BPF_ANY, 2)).toBe(0);
    expect(maps.lookupValue('pa', 2n).value).toEqual([0n, 0n, 77n, 0n]);
    expect(maps.update(pa, put(maps.mem, 2, 0, 2, 4), put(maps.mem, 2, 1, 1, 4), BPF_NOEXIST, 2)).toBe(-EEXIST);
    expect(maps.update(pa, put(maps.mem, 2, 0, 9, 4), put(maps.mem, 2, 1, 1, 4), BPF_ANY, 2)).toBe(-E2BIG);
    expect(maps.update(pa, put(maps.mem, 2, 0, 1, 4), put(maps.mem, 2, 1, 1, 4), BPF_F_LOCK, 2)).toBe(-EINVAL);
  });

  test('userspace: one value for every CPU, or one per CPU; lookups return one per CPU', () => {
    const maps = setupMaps(object(standardMaps), { cpus: 2 });
    expect(maps.updateValue('pa', 0n, 9n)).toBe(0);
    expect(maps.lookupValue('pa', 0n).value).toEqual([9n, 9n]);
    expect(maps.updateValue('pa', 0n, [1n, 2n], BPF_EXIST)).toBe(0);
    expect(maps.lookupValue('pa', 0n).value).toEqual([1n, 2n]);
    expect(maps.updateValue('pa', 0n, 1n, BPF_F_LOCK)).toBe(-EINVAL);
    expect(maps.lookupValue('pa', 0n, BPF_F_LOCK).err).toBe(-EINVAL);
    expect(maps.lookupValue('pa', 4n).err).toBe(-ENOENT);
    expect(maps.deleteValue('pa', 0n)).toBe(-EINVAL);
  });
});

describe('PERCPU_HASH', () => {
  test('new key: this CPU gets the value, others zero; existing key updates in place', () => {
    const maps = setupMaps(object([def({ name: 'ph', type: MapType.PERCPU_HASH, maxEntries: 2 })]), { cpus: 3 });
    const ph = maps.mapAddr('ph');
    const mem = maps.mem;
    expect(maps.update(ph, put(mem, 1, 0, 5, 4), put(mem, 1, 1, 50n), BPF_ANY, 1)).toBe(0);
    expect(maps.lookupValue('ph', 5n).value).toEqual([0n, 50n, 0n]);
    const p1 = maps.lookup(ph, put(mem, 1, 0, 5, 4), 1);
    expect(maps.update(ph, put(mem, 0, 0, 5, 4), put(mem, 0, 1, 7n), BPF_EXIST, 0)).toBe(0);
    expect(maps.lookup(ph, put(mem, 1, 0, 5, 4), 1)).toBe(p1); // in place, no replacement
    expect(maps.lookupValue('ph', 5n).value).toEqual([7n, 50n, 0n]);
    expect(maps.update(ph, put(mem, 0, 0, 6, 4), put(mem, 0, 1, 1n), BPF_NOEXIST, 0)).toBe(0);
    expect(maps.update(ph, put(mem, 0, 0, 7, 4), put(mem, 0, 1, 1n), BPF_ANY, 0)).toBe(-E2BIG);
    expect(maps.update(ph, put(mem, 0, 0, 6, 4), put(mem, 0, 1, 1n), BPF_F_LOCK, 0)).toBe(-EINVAL);
    expect(maps.deleteValue('ph', 6n)).toBe(0);
    // A recycled element starts from zero on the other CPUs.
    expect(maps.update(ph, put(mem, 2, 0, 8, 4), put(mem, 2, 1, 3n), BPF_ANY, 2)).toBe(0);
    expect(maps.lookupValue('ph', 8n).value).toEqual([0n, 0n, 3n]);
  });
});

test('per-CPU memory cost: rounded value × entries × possible CPUs', () => {
  expect(percpuMapBytes(4, 1, 8)).toBe(64);
  expect(percpuMapBytes(12, 1024, 4)).toBe(16 * 1024 * 4);
});
