import { describe, expect, test } from 'vitest';
import { setupMaps } from '../maps/index.ts';
import { def, object, put, standardMaps } from '../maps/testdata/objects.ts';
import { MapType } from '../object.ts';
import { BPF_F_LOCK, BPF_NOEXIST, createUserspace, MapError } from './index.ts';

describe('userspace API', () => {
  test('every map operation passes through the gate once', async () => {
    const maps = setupMaps(object(standardMaps), { cpus: 2 });
    const log: string[] = [];
    const bpf = createUserspace(maps, { gate: async () => void log.push('gate'), blocking: false });
    const h = bpf.map('h');
    expect(h.type).toBe('hash');
    expect(await h.update(1, 10)).toBe(0);
    expect(await h.update(1, 11, BPF_NOEXIST)).toBe(-17);
    expect(await h.lookup(1)).toBe(10n);
    expect(await h.lookup(2)).toBeNull();
    expect(await h.delete(2)).toBe(-2);
    expect(log.length).toBe(5);
    await h.update(3, 30);
    log.length = 0;
    const keys: unknown[] = [];
    for await (const k of h.keys()) keys.push(k);
    expect(keys.sort()).toEqual([1n, 3n]);
    expect(log.length).toBe(3); // two keys, then the -ENOENT that ends the walk
    expect((await h.entries()).length).toBe(2);
  });

  test('per-CPU lookups return one value per CPU', async () => {
    const maps = setupMaps(object(standardMaps), { cpus: 3 });
    const bpf = createUserspace(maps);
    const pa = maps.mapAddr('pa');
    maps.update(pa, put(maps.mem, 1, 0, 0, 4), put(maps.mem, 1, 1, 4, 4), 0, 1);
    const v = (await bpf.map('pa').lookup(0)) as bigint[];
    expect(v).toEqual([0n, 4n, 0n]);
    expect(v.reduce((a, b) => a + b, 0n)).toBe(4n);
    expect(bpf.map('pa').percpu).toBe(true);
  });

  test('BPF_F_LOCK waits (at later scheduling points) while a CPU holds the lock', async () => {
    const maps = setupMaps(object(standardMaps), { cpus: 2 });
    const lockAddr = maps.lookup(maps.mapAddr('larr'), put(maps.mem, 0, 0, 0, 4), 0);
    maps.mem.i32[lockAddr >> 2] = 1; // CPU 0 is inside its critical section
    let gates = 0;
    const bpf = createUserspace(maps, {
      blocking: false,
      gate: async () => {
        gates++;
        if (gates === 4) maps.mem.i32[lockAddr >> 2] = 0; // ... and leaves it at the 4th point
      },
    });
    expect(await bpf.map('larr').update(0, { count: 2, sum: 4 }, BPF_F_LOCK)).toBe(0);
    expect(gates).toBe(4);
    expect(await bpf.map('larr').lookup(0, BPF_F_LOCK)).toEqual({ lock: { val: 0n }, count: 2n, sum: 4n });
    await expect(bpf.map('arr').lookup(0, BPF_F_LOCK)).rejects.toThrow(MapError);
    await expect(bpf.map('arr').lookup(0, BPF_F_LOCK)).rejects.toThrow(/EINVAL/);
  });

  test('map-in-map: create an inner map, swap it in, and the swap waits for running programs', async () => {
    const inner = def({ name: 'tmpl', type: MapType.ARRAY, maxEntries: 2 });
    const maps = setupMaps(
      object([
        def({ name: 'a', type: MapType.ARRAY, maxEntries: 2 }),
        def({
          name: 'outer',
          type: MapType.ARRAY_OF_MAPS,
          valueSize: 4,
          maxEntries: 1,
          inner,
          initValues: [{ index: 0, map: 'a' }],
        }),
      ]),
      { cpus: 2 },
    );
    const events: string[] = [];
    const bpf = createUserspace(maps, { synchronize: async () => void events.push('sync') });
    const outer = bpf.map('outer');
    const old = await outer.lookupMap(0);
    expect(old?.name).toBe('a');
    const fresh = await outer.createInner();
    expect(fresh.name).toMatch(/^outer\.inner#\d+$/);
    expect(await outer.update(0, fresh)).toBe(0);
    expect(events).toEqual(['sync']);
    expect((await outer.lookupMap(0))?.id).toBe(fresh.id);
    await fresh.update(1, 5);
    expect(await (await outer.lookupMap(0))!.lookup(1)).toBe(5n);
    const noSync = createUserspace(maps, { synchronize: async () => void events.push('sync'), syncAfterSwap: false });
    expect(await noSync.map('outer').update(0, old!)).toBe(0);
    expect(events).toEqual(['sync']);
  });

  test('sleep uses the hook when given', async () => {
    const maps = setupMaps(object(standardMaps), { cpus: 1 });
    const slept: number[] = [];
    await createUserspace(maps, { sleep: async (ms) => void slept.push(ms) }).sleep(5);
    expect(slept).toEqual([5]);
    const t = Date.now();
    await createUserspace(maps).sleep(5);
    expect(Date.now() - t).toBeGreaterThanOrEqual(4);
  });
});

test('a lock that is never released ends in EDEADLK, not a hang; .rodata is read-only', async () => {
  const maps = setupMaps(
    object([...standardMaps, def({ name: '.rodata', kind: 'rodata', type: MapType.ARRAY, maxEntries: 1 })]),
    { cpus: 1 },
  );
  const lockAddr = maps.lookup(maps.mapAddr('larr'), put(maps.mem, 0, 0, 0, 4), 0);
  maps.mem.i32[lockAddr >> 2] = 1;
  const bpf = createUserspace(maps, { blocking: false, gate: async () => {}, maxRetries: 50 });
  await expect(bpf.map('larr').lookup(0, BPF_F_LOCK)).rejects.toThrow(/EDEADLK/);
  expect(await bpf.map('.rodata').update(0, 1)).toBe(-1);
});

test('createInner on a map that is not an outer map is EINVAL; memory exhaustion is ENOMEM', async () => {
  const inner = def({ name: 'big', type: MapType.ARRAY, maxEntries: 100_000, valueSize: 64, value: undefined });
  const maps = setupMaps(
    object([
      ...standardMaps,
      def({ name: 'outer', type: MapType.ARRAY_OF_MAPS, valueSize: 4, value: undefined, inner }),
    ]),
    { cpus: 1, innerReserve: 0, maxBytes: 8 << 20 },
  );
  const bpf = createUserspace(maps);
  await expect(bpf.map('h').createInner()).rejects.toThrow(/EINVAL/);
  expect((await bpf.map('outer').createInner()).maxEntries).toBe(100_000);
  await expect(bpf.map('outer').createInner()).rejects.toThrow(/ENOMEM/);
});
