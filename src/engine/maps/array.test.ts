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
  ERRNO_NAMES,
  setupMaps,
  WOULD_BLOCK,
} from './index.ts';
import { def, object, pairLayout, put, readU64, standardMaps } from './testdata/objects.ts';

const setup = () => setupMaps(object(standardMaps), { cpus: 2 });

describe('ARRAY from BPF', () => {
  // [what, index, flags, expected result]
  const cases: [string, number, number, number][] = [
    ['BPF_ANY in range', 1, BPF_ANY, 0],
    ['BPF_EXIST in range (every element exists)', 3, BPF_EXIST, 0],
    ['BPF_NOEXIST (every element exists)', 0, BPF_NOEXIST, -EEXIST],
    ['index == max_entries', 4, BPF_ANY, -E2BIG],
    ['index far out of range', 0xffffffff, BPF_ANY, -E2BIG],
    ['unknown flags', 0, 3, -EINVAL],
    ['unknown flag bit 8', 0, 8, -EINVAL],
    ['BPF_F_LOCK without a lock in the value', 0, BPF_F_LOCK, -EINVAL],
    ['-E2BIG is checked before NOEXIST', 9, BPF_NOEXIST, -E2BIG],
  ];
  test.each(cases)('update: %s', (_what, idx, flags, want) => {
    const maps = setup();
    const arr = maps.mapAddr(0);
    const k = put(maps.mem, 0, 0, idx, 4);
    const v = put(maps.mem, 0, 1, 0x1122334455667788n);
    const got = maps.update(arr, k, v, flags, 0);
    expect(got, ERRNO_NAMES[-got] ?? String(got)).toBe(want);
    if (want === 0) expect(readU64(maps.mem, maps.lookup(arr, k, 0))).toBe(0x1122334455667788n);
  });

  test('lookup: address in range, 0 out of range; values are 8-byte aligned and 8 apart', () => {
    const maps = setup();
    const arr = maps.mapAddr('arr');
    const a0 = maps.lookup(arr, put(maps.mem, 0, 0, 0, 4), 0);
    const a3 = maps.lookup(arr, put(maps.mem, 0, 0, 3, 4), 0);
    expect(a0 % 8).toBe(0);
    expect(a3 - a0).toBe(24);
    expect(maps.lookup(arr, put(maps.mem, 0, 0, 4, 4), 0)).toBe(0);
  });

  test('delete is -EINVAL', () => {
    const maps = setup();
    expect(maps.delete(maps.mapAddr(0), put(maps.mem, 0, 0, 0, 4), 0)).toBe(-EINVAL);
    expect(maps.deleteValue('arr', 0n)).toBe(-EINVAL);
  });

  test('update copies in place: a reader holding the value pointer sees the new bytes', () => {
    const maps = setup();
    const arr = maps.mapAddr(0);
    const k = put(maps.mem, 0, 0, 2, 4);
    const reader = maps.lookup(arr, k, 1);
    expect(maps.update(arr, k, put(maps.mem, 0, 1, 7n), BPF_ANY, 0)).toBe(0);
    expect(readU64(maps.mem, reader)).toBe(7n);
    expect(maps.lookup(arr, k, 0)).toBe(reader);
  });
});

describe('ARRAY from userspace', () => {
  test('lookup out of range is -ENOENT; bad lookup flags -EINVAL', () => {
    const maps = setup();
    expect(maps.lookupValue('arr', 4n).err).toBe(-ENOENT);
    expect(maps.lookupValue('arr', 0n, BPF_EXIST).err).toBe(-EINVAL);
    expect(maps.lookupValue('arr', 0n, BPF_F_LOCK).err).toBe(-EINVAL);
    expect(maps.lookupValue('arr', 0n)).toEqual({ err: 0, value: 0n });
  });

  test('get_next_key walks 0..max-1, starts at 0 for no key or an out-of-range key', () => {
    const maps = setup();
    const keys: unknown[] = [];
    let k: bigint | null = null;
    for (;;) {
      const r = maps.nextKeyValue('arr', k);
      if (r.err) {
        expect(r.err).toBe(-ENOENT);
        break;
      }
      keys.push(r.value);
      k = r.value as bigint;
    }
    expect(keys).toEqual([0n, 1n, 2n, 3n]);
    expect(maps.nextKeyValue('arr', 99n)).toEqual({ err: 0, value: 0n });
  });

  test('BPF_F_LOCK: copies under the lock, never copies the lock word, reads it as 0', () => {
    const maps = setup();
    const m = maps.get('larr');
    const valueAddr = maps.lookup(m.desc, put(maps.mem, 0, 0, 0, 4), 0);
    expect(maps.updateValue(m, 0n, { count: 3n, sum: 9n }, BPF_F_LOCK)).toBe(0);
    // A CPU holds the lock: a non-blocking BPF_F_LOCK access must not go ahead.
    maps.mem.i32[valueAddr >> 2] = 1;
    expect(maps.updateValue(m, 0n, { count: 4n, sum: 16n }, BPF_F_LOCK, false)).toBe(WOULD_BLOCK);
    expect(maps.lookupValue(m, 0n, BPF_F_LOCK, false).err).toBe(WOULD_BLOCK);
    // Without the flag nothing waits, and the lock word is neither copied nor shown.
    const raw = new Uint8Array(16).fill(0xff);
    expect(maps.updateBytes(m, new Uint8Array(4), raw)).toBe(0);
    expect(maps.mem.i32[valueAddr >> 2]).toBe(1);
    expect(maps.lookupValue(m, 0n).value).toEqual({ lock: { val: 0n }, count: 0xffffffffn, sum: 0xffffffffffffffffn });
    maps.mem.i32[valueAddr >> 2] = 0;
    expect(maps.lookupValue(m, 0n, BPF_F_LOCK).value).toEqual({
      lock: { val: 0n },
      count: 0xffffffffn,
      sum: 0xffffffffffffffffn,
    });
    expect(pairLayout.size).toBe(16);
  });

  test('globals: initial bytes land in the single value', () => {
    const initial = new Uint8Array([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
    const maps = setupMaps(
      object([def({ name: '.data', kind: 'data', type: MapType.ARRAY, maxEntries: 1, valueSize: 8, initial })]),
      { cpus: 1 },
    );
    expect(readU64(maps.mem, maps.valueAddr(0, 0))).toBe(0xfffffffe00000001n);
    expect(maps.valueAddr(0, 4) - maps.valueAddr(0, 0)).toBe(4);
  });
});
