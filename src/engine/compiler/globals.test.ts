import { describe, expect, test } from 'vitest';
import { layoutData } from './globals.ts';
import { parse } from './parse.ts';
import { preprocess } from './preprocess.ts';

const HEAD = '#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n';
const layout = (src: string) => layoutData(parse(preprocess({ path: 'a.c', source: HEAD + src })));

describe('layoutData', () => {
  test('globals go to .bss, .data and .rodata like clang; values are laid out with alignment', () => {
    const d = layout(
      '__u8 a; __u64 b; int z = 0; int d = 5; const volatile __u32 ro = 7; char LICENSE[] SEC("license") = "GPL";',
    );
    expect(d.license).toBe('GPL');
    const byName = Object.fromEntries(d.maps.map((m) => [m.name, m]));
    expect(byName['.bss'].vars).toEqual([
      expect.objectContaining({ name: 'a', offset: 0 }),
      expect.objectContaining({ name: 'b', offset: 8 }),
      expect.objectContaining({ name: 'z', offset: 16 }),
    ]);
    expect(byName['.data'].initial).toEqual(new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]));
    expect(byName['.rodata']).toMatchObject({ kind: 'rodata', type: 2, maxEntries: 1, keySize: 4 });
    expect([...byName['.rodata'].initial!.slice(0, 4)]).toEqual([7, 0, 0, 0]);
  });

  test('BTF-style map definitions, spin lock offset, map-in-map with initial values', () => {
    const d = layout(`
struct v { __u64 n; struct bpf_spin_lock lock; __u64 s; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 128); __type(key, __u64); __type(value, struct v); __uint(map_flags, BPF_F_NO_PREALLOC); } h SEC(".maps");
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } a SEC(".maps"), b SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 2); __type(key, __u32); __array(values, struct inner); } outer SEC(".maps") = { .values = { [1] = &b, [0] = &a } };`);
    const [h, , , outer] = d.maps;
    expect(h).toMatchObject({
      name: 'h',
      type: 1,
      keySize: 8,
      valueSize: 24,
      maxEntries: 128,
      flags: 1,
      spinLockOff: 8,
    });
    expect(outer).toMatchObject({ type: 12, keySize: 4, valueSize: 4, maxEntries: 2 });
    expect(outer.inner).toMatchObject({ type: 2, keySize: 4, valueSize: 8, maxEntries: 4 });
    expect(outer.initValues).toEqual([
      { index: 1, map: 'b' },
      { index: 0, map: 'a' },
    ]);
  });

  test('bad map definitions say what is wrong', () => {
    expect(() => layout('struct { __uint(max_entries, 1); } m SEC(".maps");')).toThrow(
      "map 'm': missing __uint(type, ...)",
    );
    expect(() => layout('struct { __uint(type, 2); int foo; } m SEC(".maps");')).toThrow(
      "map 'm': unknown map attribute 'foo'",
    );
  });
});

describe('initialisers', () => {
  test('nested designators: .a.b, [i].x and .arr[2]', () => {
    const d = layout(
      'struct in { __u8 x; __u16 y; }; struct out { __u32 n; struct in a; struct in arr[3]; } v = { .a.y = 7, .arr[2].x = 9, .n = 1 };',
    );
    const data = d.maps.find((m) => m.name === '.data')!;
    expect([...data.initial!.slice(0, 20)]).toEqual([1, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]);
  });
});
