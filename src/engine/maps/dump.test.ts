import { expect, test } from 'vitest';
import { MapType, type TypeLayout } from '../object.ts';
import { stringifyResults } from '../results.ts';
import { dumpGlobals, dumpMaps, dumpMapsHex, setupMaps } from './index.ts';
import { def, object, s32, standardMaps, u32, u64 } from './testdata/objects.ts';

const point: TypeLayout = {
  kind: 'struct',
  name: 'struct point',
  size: 16,
  fields: [
    { name: 'x', offset: 0, type: s32 },
    {
      name: 'tags',
      offset: 4,
      type: {
        kind: 'array',
        name: 'u8[4]',
        size: 4,
        len: 4,
        elem: { kind: 'int', name: 'u8', size: 1, signed: false },
      },
    },
    { name: 'big', offset: 8, type: u64 },
  ],
};

test('dumpGlobals: variables by name, signed ints, arrays as lists, structs by field, exact u64', () => {
  const bytes = new Uint8Array(40);
  const dv = new DataView(bytes.buffer);
  dv.setInt32(0, -5, true);
  dv.setBigUint64(8, 0xffffffffffffffffn, true);
  dv.setInt32(16, -1, true);
  bytes.set([1, 2, 3, 4], 20);
  dv.setBigUint64(24, 1n << 63n, true);
  dv.setUint32(32, 7, true);
  const maps = setupMaps(
    object([
      def({
        name: '.data',
        kind: 'data',
        type: MapType.ARRAY,
        maxEntries: 1,
        valueSize: 40,
        initial: bytes,
        vars: [
          { name: 'neg', offset: 0, type: s32 },
          { name: 'max', offset: 8, type: u64 },
          { name: 'pt', offset: 16, type: point },
          { name: 'counts', offset: 32, type: { kind: 'array', name: 'u32[2]', size: 8, len: 2, elem: u32 } },
        ],
      }),
      def({
        name: '.bss',
        kind: 'bss',
        type: MapType.ARRAY,
        maxEntries: 1,
        valueSize: 8,
        vars: [{ name: 'counter', offset: 0, type: u64 }],
      }),
    ]),
    { cpus: 1 },
  );
  const g = dumpGlobals(maps);
  expect(g).toEqual({
    neg: -5n,
    max: 0xffffffffffffffffn,
    pt: { x: -1n, tags: [1n, 2n, 3n, 4n], big: 1n << 63n },
    counts: [7n, 0n],
    counter: 0n,
  });
  expect(stringifyResults(g.max)).toBe('18446744073709551615');
  expect(dumpMaps(maps)).toEqual({}); // globals are not maps
});

test('dumpMaps: key order, per-CPU values, spin lock read as 0', () => {
  const maps = setupMaps(object(standardMaps), { cpus: 2 });
  for (const k of [30n, 10n, 20n]) expect(maps.updateValue('h', k, k * 2n)).toBe(0);
  expect(maps.updateValue('pa', 1n, [5n, 6n])).toBe(0);
  expect(maps.updateValue('locked', 1n, { count: 1n, sum: 2n })).toBe(0);
  const d = dumpMaps(maps);
  expect(d.h).toEqual([
    { key: 10n, value: 20n },
    { key: 20n, value: 40n },
    { key: 30n, value: 60n },
  ]);
  expect(d.arr.map((e) => e.key)).toEqual([0n, 1n, 2n, 3n]);
  expect(d.pa[1]).toEqual({ key: 1n, values: [5n, 6n] });
  expect(d.pa[0]).toEqual({ key: 0n, values: [0n, 0n] });
  expect(d.ph).toEqual([]);
  expect(d.locked).toEqual([{ key: 1n, value: { lock: { val: 0n }, count: 1n, sum: 2n } }]);
  const hex = dumpMapsHex(maps);
  expect(hex.h[0]).toEqual({ key: '0a000000', value: '1400000000000000' });
  // Per-CPU hex values: every CPU's value rounded up to 8 bytes (like the kernel oracle's).
  expect(hex.pa[1].value).toBe('0500000000000000' + '0600000000000000');
});

test('a variable whose layout overruns its section decodes as null instead of failing the dump', () => {
  const maps = setupMaps(
    object([
      def({
        name: '.bss',
        kind: 'bss',
        type: MapType.ARRAY,
        maxEntries: 1,
        valueSize: 8,
        vars: [
          { name: 'ok', offset: 0, type: u32 },
          { name: 'bad', offset: 4, type: u64 },
        ],
      }),
    ]),
    { cpus: 1 },
  );
  expect(dumpGlobals(maps)).toEqual({ ok: 0n, bad: null });
});
