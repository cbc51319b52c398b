import { describe, expect, test } from 'vitest';
import { MapType } from '../object.ts';
import { BPF_ANY, BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST, D, E2BIG, EEXIST, EINVAL, ENOENT, setupMaps } from './index.ts';
import { def, object, put, readU64, standardMaps } from './testdata/objects.ts';

const setup = (cpus = 2) => setupMaps(object(standardMaps), { cpus });

describe('HASH flags and errors', () => {
  // Each case: a sequence of [op, key, flags?] and the expected results.
  const cases: [string, [string, number, number?][], number[]][] = [
    [
      'insert then NOEXIST again',
      [
        ['upd', 1, BPF_NOEXIST],
        ['upd', 1, BPF_NOEXIST],
      ],
      [0, -EEXIST],
    ],
    ['EXIST on a missing key', [['upd', 1, BPF_EXIST]], [-ENOENT]],
    [
      'EXIST on a present key',
      [
        ['upd', 1, BPF_ANY],
        ['upd', 1, BPF_EXIST],
      ],
      [0, 0],
    ],
    ['unknown flags', [['upd', 1, 3]], [-EINVAL]],
    ['BPF_F_LOCK without a lock', [['upd', 1, BPF_F_LOCK]], [-EINVAL]],
    ['delete missing', [['del', 5]], [-ENOENT]],
    [
      'delete present twice',
      [
        ['upd', 5, BPF_ANY],
        ['del', 5],
        ['del', 5],
      ],
      [0, 0, -ENOENT],
    ],
    [
      'full: a new key is -E2BIG, an existing key still updates',
      [
        ['upd', 1, BPF_ANY],
        ['upd', 2, BPF_ANY],
        ['upd', 3, BPF_ANY],
        ['upd', 4, BPF_ANY],
        ['upd', 5, BPF_ANY],
        ['upd', 4, BPF_ANY],
        ['upd', 4, BPF_ANY],
        ['del', 1],
        ['upd', 5, BPF_NOEXIST],
      ],
      [0, 0, 0, 0, -E2BIG, 0, 0, 0, 0],
    ],
  ];
  test.each(cases)('%s', (_what, ops, want) => {
    const maps = setup();
    const h = maps.mapAddr('h');
    const got = ops.map(([op, key, flags]) => {
      const k = put(maps.mem, 0, 0, key, 4);
      if (op === 'del') return maps.delete(h, k, 0);
      return maps.update(h, k, put(maps.mem, 0, 1, key * 100), flags ?? 0, 0);
    });
    expect(got).toEqual(want);
  });

  test('a full map after many replacing updates on every agent still has max_entries keys', () => {
    const maps = setup(3);
    const h = maps.mapAddr('h');
    for (let k = 0; k < 4; k++) expect(maps.updateValue('h', BigInt(k), 1n)).toBe(0);
    for (let round = 0; round < 20; round++) {
      for (let cpu = 0; cpu < 3; cpu++) {
        expect(maps.update(h, put(maps.mem, cpu, 0, round % 4, 4), put(maps.mem, cpu, 1, round), BPF_EXIST, cpu)).toBe(
          0,
        );
      }
      expect(maps.updateValue('h', BigInt(round % 4), BigInt(round))).toBe(0);
    }
    expect(maps.keysBytes('h').length).toBe(4);
    expect(maps.updateValue('h', 9n, 1n)).toBe(-E2BIG);
    expect(maps.mem.i32[(h >> 2) + D.COUNT]).toBe(4);
  });
});

describe('HASH element replacement', () => {
  test('a reader keeps the old element; the updater recycles it on its next replacing update', () => {
    const maps = setup();
    const h = maps.mapAddr('h');
    const mem = maps.mem;
    expect(maps.update(h, put(mem, 0, 0, 7, 4), put(mem, 0, 1, 1n), BPF_ANY, 0)).toBe(0);
    // CPU 1 looks the key up and holds the pointer.
    const reader = maps.lookup(h, put(mem, 1, 0, 7, 4), 1);
    expect(readU64(mem, reader)).toBe(1n);
    // CPU 0 updates: a new element replaces the old one; the reader still sees the old value.
    expect(maps.update(h, put(mem, 0, 0, 7, 4), put(mem, 0, 1, 2n), BPF_ANY, 0)).toBe(0);
    const now = maps.lookup(h, put(mem, 1, 0, 7, 4), 1);
    expect(now).not.toBe(reader);
    expect(readU64(mem, now)).toBe(2n);
    expect(readU64(mem, reader)).toBe(1n);
    // The kernel caveat: preallocated elements are recycled. CPU 0's next replacing update
    // reuses the old element, and the stale reader sees the newest bytes.
    expect(maps.update(h, put(mem, 0, 0, 7, 4), put(mem, 0, 1, 3n), BPF_ANY, 0)).toBe(0);
    expect(maps.lookup(h, put(mem, 1, 0, 7, 4), 1)).toBe(reader);
    expect(readU64(mem, reader)).toBe(3n);
  });

  test('BPF_F_LOCK updates in place under the value lock', () => {
    const maps = setup();
    expect(maps.updateValue('locked', 1n, { count: 1n, sum: 2n })).toBe(0);
    const l = maps.mapAddr('locked');
    const before = maps.lookup(l, put(maps.mem, 0, 0, 1, 4), 0);
    expect(maps.updateValue('locked', 1n, { count: 5n, sum: 6n }, BPF_F_LOCK)).toBe(0);
    expect(maps.lookup(l, put(maps.mem, 0, 0, 1, 4), 0)).toBe(before);
    expect(maps.lookupValue('locked', 1n, BPF_F_LOCK).value).toEqual({ lock: { val: 0n }, count: 5n, sum: 6n });
    expect(maps.updateValue('locked', 2n, { count: 1n }, BPF_F_LOCK | BPF_EXIST)).toBe(-ENOENT);
    expect(maps.updateValue('locked', 1n, { count: 1n }, BPF_F_LOCK | BPF_NOEXIST)).toBe(-EEXIST);
    expect(maps.updateValue('locked', 3n, { count: 9n }, BPF_F_LOCK)).toBe(0); // new key: inserted
    expect(maps.lookupValue('locked', 3n).value).toEqual({ lock: { val: 0n }, count: 9n, sum: 0n });
  });

  test('get_next_key visits every key once; an unknown key restarts from the first', () => {
    const maps = setupMaps(object([def({ name: 'big', type: MapType.HASH, maxEntries: 100 })]), { cpus: 1 });
    for (let k = 0; k < 100; k++) expect(maps.updateValue('big', BigInt(k * 7919), BigInt(k))).toBe(0);
    const keys = maps.keysBytes('big').map((b) => maps.decodeKey('big', b) as bigint);
    expect(keys.length).toBe(100);
    expect(new Set(keys).size).toBe(100);
    const first = maps.nextKeyValue('big', null).value;
    expect(maps.nextKeyValue('big', 123456n).value).toEqual(first);
    expect(maps.deleteValue('big', 7919n)).toBe(0);
    expect(maps.keysBytes('big').length).toBe(99);
  });

  test('hash keys of odd sizes compare all bytes', () => {
    const maps = setupMaps(object([def({ name: 'odd', type: MapType.HASH, keySize: 5, key: undefined })]), { cpus: 1 });
    const a = new Uint8Array([1, 2, 3, 4, 5]);
    const b = new Uint8Array([1, 2, 3, 4, 6]);
    expect(maps.updateBytes('odd', a, new Uint8Array(8).fill(1))).toBe(0);
    expect(maps.lookupBytes('odd', b).err).toBe(-ENOENT);
    expect(maps.lookupBytes('odd', a).value).toEqual(new Uint8Array(8).fill(1));
  });
});

test('an agent that does not exist is refused (it would own no spare elements)', () => {
  const maps = setup(2);
  expect(() => maps.lookup(maps.mapAddr('h'), put(maps.mem, 0, 0, 1, 4), 5)).toThrow(/no CPU 5/);
});
