import { expect, test } from 'vitest';
import { MapType, type TypeLayout } from '../object.ts';
import { AddressNamer, fieldPath, setupMaps } from './index.ts';
import { def, object, pairLayout, put, standardMaps, u32, u64 } from './testdata/objects.ts';

const stats: TypeLayout = {
  kind: 'struct',
  name: 'struct stats',
  size: 24,
  fields: [
    { name: 'count', offset: 0, type: u64 },
    { name: 'hist', offset: 8, type: { kind: 'array', name: 'u32[4]', size: 16, len: 4, elem: u32 } },
  ],
};

test('fieldPath walks structs and arrays', () => {
  expect(fieldPath(stats, 0)).toBe('.count');
  expect(fieldPath(stats, 3)).toBe('.count+3');
  expect(fieldPath(stats, 16)).toBe('.hist[2]');
  expect(fieldPath(pairLayout, 8)).toBe('.sum');
  expect(fieldPath(undefined, 0)).toBe('');
});

test('addresses of globals, array values, hash values, per-CPU copies and inner maps have names', () => {
  const maps = setupMaps(
    object([
      ...standardMaps,
      def({ name: 'st', type: MapType.ARRAY, valueSize: 24, value: stats }),
      def({
        name: '.bss',
        kind: 'bss',
        type: MapType.ARRAY,
        maxEntries: 1,
        valueSize: 16,
        vars: [
          { name: 'counter', offset: 0, type: u64 },
          { name: 'pair', offset: 8, type: { kind: 'array', name: 'u32[2]', size: 8, len: 2, elem: u32 } },
        ],
      }),
      def({
        name: 'outer',
        type: MapType.ARRAY_OF_MAPS,
        valueSize: 4,
        value: undefined,
        inner: def({ name: 't', type: MapType.ARRAY, maxEntries: 2 }),
      }),
    ]),
    { cpus: 2 },
  );
  const mem = maps.mem;
  const namer = new AddressNamer(maps);
  const bss = maps.get('.bss').index;
  expect(namer.name(maps.valueAddr(bss, 0))?.text).toBe('counter');
  expect(namer.name(maps.valueAddr(bss, 12))?.text).toBe('pair[1]');
  const st = maps.lookup(maps.mapAddr('st'), put(mem, 0, 0, 3, 4), 0);
  expect(namer.name(st + 12)).toMatchObject({ map: 'st', key: 3n, offset: 12, text: 'st[3].hist[1]' });
  expect(maps.updateValue('h', 10n, 1n)).toBe(0);
  const hv = maps.lookup(maps.mapAddr('h'), put(mem, 0, 0, 10, 4), 0);
  expect(namer.name(hv)?.text).toBe('h[10]');
  expect(namer.name(hv - 8)?.text).toBe('h.internal');
  const pcpu = maps.lookup(maps.mapAddr('pa'), put(mem, 1, 0, 1, 4), 1);
  expect(namer.name(pcpu)).toMatchObject({ map: 'pa', key: 1n, cpu: 1, text: 'pa[1]@cpu1' });
  expect(maps.updateValue('ph', 7n, [1n, 2n])).toBe(0);
  const ph = maps.lookup(maps.mapAddr('ph'), put(mem, 0, 0, 7, 4), 0);
  expect(namer.name(ph + 4)?.text).toBe('ph[7]@cpu0+4');
  const inner = maps.createInner('outer');
  const iv = maps.lookup(inner.desc, put(mem, 0, 0, 1, 4), 0);
  expect(namer.name(iv)?.text).toBe(`outer.inner#${inner.id}[1]`);
  expect(namer.name(mem.stackTop(0) - 8)).toBeNull();
  expect(namer.name(maps.mapAddr('h'))?.text).toBe('h.internal');
});
