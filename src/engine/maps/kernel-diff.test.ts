/**
 * Differential test of map semantics against this machine's kernel. One table of map
 * operations is turned into a BPF C program (each op stores the helper's return value in
 * `rc[i]`), built with clang and run once with BPF_PROG_TEST_RUN by the oracle; the same table
 * is replayed on the engine's maps through the BPF-side API. Return codes must match one for
 * one, and so must the final map contents (per-CPU maps: the same multiset of per-CPU values,
 * since the kernel may run the program on any CPU).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, kernelRun, kernelVersion } from '../../testing/oracle/index.ts';
import { MapType } from '../object.ts';
import { BPF_ANY, BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST, dumpMapsHex, setupMaps } from './index.ts';
import { def, object, pairLayout, put, u32 } from './testdata/objects.ts';

/**
 * 'iupd': update key `key` of the inner map found in slot 0 of outer map `map` (map-in-map).
 * 'stale1'/'stale2': look `key` up and keep the pointer, then update the key once (twice) with
 * `value` (value + 1) and report what the old pointer reads: the in-place ARRAY copy vs the
 * HASH replacement, and the recycling of preallocated hash elements (COURSE fact 11).
 */
type Op = [
  op: 'upd' | 'del' | 'isnull' | 'iupd' | 'stale1' | 'stale2',
  map: string,
  key: number,
  flags?: number,
  value?: number,
];

const ops: Op[] = [
  ['upd', 'arr', 1, BPF_ANY, 5],
  ['upd', 'arr', 4, BPF_ANY, 1],
  ['upd', 'arr', 0, BPF_NOEXIST, 1],
  ['upd', 'arr', 0, BPF_EXIST, 9],
  ['upd', 'arr', 0, 3, 1],
  ['upd', 'arr', 0, BPF_F_LOCK, 1],
  ['del', 'arr', 0],
  ['isnull', 'arr', 4],
  ['upd', 'h', 1, BPF_NOEXIST, 10],
  ['upd', 'h', 1, BPF_NOEXIST, 11],
  ['upd', 'h', 2, BPF_EXIST, 20],
  ['del', 'h', 2],
  ['upd', 'h', 2, BPF_ANY, 20],
  ['upd', 'h', 3, BPF_ANY, 30],
  ['upd', 'h', 4, BPF_ANY, 40],
  ['upd', 'h', 5, BPF_ANY, 50],
  ['upd', 'h', 4, BPF_ANY, 41],
  ['upd', 'h', 4, BPF_EXIST, 42],
  ['del', 'h', 1],
  ['upd', 'h', 5, BPF_NOEXIST, 50],
  ['upd', 'h', 5, BPF_F_LOCK, 51],
  ['upd', 'h', 5, 8, 51],
  ['isnull', 'h', 1],
  ['upd', 'pa', 0, BPF_ANY, 7],
  ['upd', 'pa', 2, BPF_ANY, 7],
  ['upd', 'pa', 1, BPF_NOEXIST, 7],
  ['del', 'pa', 0],
  ['upd', 'ph', 1, BPF_NOEXIST, 100],
  ['upd', 'ph', 2, BPF_ANY, 200],
  ['upd', 'ph', 3, BPF_ANY, 300],
  ['upd', 'ph', 1, BPF_EXIST, 101],
  ['upd', 'ph', 1, BPF_F_LOCK, 101],
  ['del', 'ph', 2],
  ['del', 'ph', 2],
  ['upd', 'locked', 1, BPF_F_LOCK, 3],
  ['upd', 'locked', 1, BPF_F_LOCK | BPF_EXIST, 4],
  ['upd', 'locked', 2, BPF_F_LOCK | BPF_EXIST, 5],
  ['upd', 'locked', 1, BPF_F_LOCK | BPF_NOEXIST, 6],
  ['upd', 'locked', 2, BPF_ANY, 7],
  ['upd', 'locked', 3, BPF_ANY, 8],
  ['stale1', 'arr', 1, BPF_ANY, 1001],
  ['stale1', 'h', 4, BPF_ANY, 1002],
  ['stale2', 'h', 4, BPF_ANY, 1003],
  ['stale2', 'arr', 1, BPF_ANY, 1005],
  ['stale2', 'ph', 1, BPF_ANY, 1007],
  ['iupd', 'outer', 1, BPF_ANY, 12],
  ['iupd', 'outer', 2, BPF_ANY, 13],
  ['iupd', 'outer', 0, BPF_NOEXIST, 14],
  ['isnull', 'outer', 0],
  ['isnull', 'outer', 1],
];

const maps = [
  def({ name: 'arr', type: MapType.ARRAY }),
  def({ name: 'h', type: MapType.HASH }),
  def({ name: 'pa', type: MapType.PERCPU_ARRAY, maxEntries: 2, valueSize: 4, value: u32 }),
  def({ name: 'ph', type: MapType.PERCPU_HASH, maxEntries: 2 }),
  def({ name: 'locked', type: MapType.HASH, maxEntries: 2, valueSize: 16, value: pairLayout, spinLockOff: 0 }),
  def({ name: 'inner0', type: MapType.ARRAY, maxEntries: 2 }),
  def({
    name: 'outer',
    type: MapType.ARRAY_OF_MAPS,
    maxEntries: 2,
    valueSize: 4,
    value: undefined,
    inner: def({ name: 'inner_t', type: MapType.ARRAY, maxEntries: 2 }),
    initValues: [{ index: 0, map: 'inner0' }],
  }),
];
const ctype: Record<string, string> = {
  arr: '__u64',
  h: '__u64',
  pa: '__u32',
  ph: '__u64',
  locked: 'struct pair',
  inner0: '__u64',
  outer: '__u64',
};

function cSource(): string {
  const lines = [
    '#include "vmlinux.h"',
    '#include <bpf/bpf_helpers.h>',
    'struct pair { struct bpf_spin_lock lock; __u32 count; __u64 sum; };',
  ];
  for (const m of maps) {
    if (m.name === 'inner0') {
      lines.push(
        'struct inner_t { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 2); } inner0 SEC(".maps");',
      );
      continue;
    }
    if (m.name === 'outer') {
      lines.push(
        'struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 2); __type(key, __u32); __array(values, struct inner_t); } outer SEC(".maps") = { .values = { [0] = &inner0 } };',
      );
      continue;
    }
    const t = ['', 'HASH', 'ARRAY', '', '', 'PERCPU_HASH', 'PERCPU_ARRAY'][m.type];
    lines.push(
      `struct { __uint(type, BPF_MAP_TYPE_${t}); __type(key, __u32); __type(value, ${ctype[m.name]}); __uint(max_entries, ${m.maxEntries}); } ${m.name} SEC(".maps");`,
    );
  }
  lines.push(`long rc[${ops.length}];`, 'SEC("xdp")', 'int prog(struct xdp_md *ctx) {');
  ops.forEach(([op, map, key, flags, value], i) => {
    const v = map === 'locked' ? `{ .count = ${value}, .sum = ${(value ?? 0) * 2} }` : `${value}`;
    if (op === 'upd')
      lines.push(
        `  { __u32 k = ${key}; ${ctype[map]} v = ${v}; rc[${i}] = bpf_map_update_elem(&${map}, &k, &v, ${flags}); }`,
      );
    if (op === 'del') lines.push(`  { __u32 k = ${key}; rc[${i}] = bpf_map_delete_elem(&${map}, &k); }`);
    if (op === 'isnull') lines.push(`  { __u32 k = ${key}; rc[${i}] = bpf_map_lookup_elem(&${map}, &k) == 0; }`);
    if (op === 'stale1' || op === 'stale2') {
      const second = op === 'stale2' ? `v = ${(value ?? 0) + 1}; bpf_map_update_elem(&${map}, &k, &v, ${flags});` : '';
      lines.push(
        `  { __u32 k = ${key}; __u64 v = ${value}; __u64 *p = bpf_map_lookup_elem(&${map}, &k); if (p) { bpf_map_update_elem(&${map}, &k, &v, ${flags}); ${second} rc[${i}] = *p; } else rc[${i}] = -1000; }`,
      );
    }
    if (op === 'iupd') {
      lines.push(
        `  { __u32 s = 0, k = ${key}; __u64 v = ${value}; void *in = bpf_map_lookup_elem(&${map}, &s); rc[${i}] = in ? bpf_map_update_elem(in, &k, &v, ${flags}) : -1000; }`,
      );
    }
  });
  lines.push('  return XDP_PASS;', '}', 'char LICENSE[] SEC("license") = "GPL";');
  return lines.join('\n');
}

function possibleCpus(): number {
  const text = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
  return Math.max(...text.split(',').map((r) => Number(r.split('-').pop()))) + 1;
}

/** Per-CPU hex values → the sorted list of per-CPU values, so the CPU the kernel used does not matter. */
function percpuMultiset(entries: { key: string; value: string }[], stride: number) {
  return entries.map((e) => ({
    key: e.key,
    values: (e.value.match(new RegExp(`.{${stride * 2}}`, 'g')) ?? []).sort(),
  }));
}

describeKernel('map semantics vs the kernel', () => {
  test('return codes and final contents match BPF_PROG_TEST_RUN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-maps-'));
    const src = join(dir, 'map-semantics.bpf.c');
    writeFileSync(src, cSource());
    let kernel: ReturnType<typeof kernelRun>;
    try {
      kernel = kernelRun(clangBuild(src), { prog: 'prog' });
    } finally {
      rmSync(dir, { recursive: true, force: true }); // the object itself is cached by the oracle
    }
    const rcHex = kernel.maps['.bss'][0].value;
    const kernelRc = ops.map((_, i) => Number(Buffer.from(rcHex.slice(i * 16, i * 16 + 16), 'hex').readBigInt64LE()));

    const set = setupMaps(object(maps), { cpus: possibleCpus() });
    const mem = set.mem;
    const engineRc = ops.map(([op, map, key, flags, value]) => {
      const desc = set.mapAddr(map);
      const k = put(mem, 0, 0, key, 4);
      if (op === 'del') return set.delete(desc, k, 0);
      if (op === 'isnull') return set.lookup(desc, k, 0) === 0 ? 1 : 0;
      if (op === 'stale1' || op === 'stale2') {
        const p = set.lookup(desc, k, 0);
        if (!p) return -1000;
        set.update(desc, k, put(mem, 0, 1, value ?? 0, 8), flags ?? 0, 0);
        if (op === 'stale2') set.update(desc, k, put(mem, 0, 1, (value ?? 0) + 1, 8), flags ?? 0, 0);
        return Number(mem.dv.getBigInt64(p, true));
      }
      if (op === 'iupd') {
        const inner = set.lookup(desc, put(mem, 0, 2, 0, 4), 0);
        return inner ? set.update(inner, k, put(mem, 0, 1, value ?? 0, 8), flags ?? 0, 0) : -1000;
      }
      const v =
        map === 'locked'
          ? put(mem, 0, 1, set.encodeValue(map, { count: BigInt(value ?? 0), sum: BigInt((value ?? 0) * 2) }))
          : put(mem, 0, 1, value ?? 0, 8);
      return set.update(desc, k, v, flags ?? 0, 0);
    });
    const labelled = (rc: number[]) => rc.map((r, i) => `${ops[i].join(' ')} → ${r}`);
    expect(labelled(engineRc), kernelVersion()).toEqual(labelled(kernelRc));

    const engine = dumpMapsHex(set);
    for (const name of ['arr', 'h', 'locked', 'inner0']) {
      const sorted = [...kernel.maps[name]].sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(engine[name], name).toEqual(sorted);
    }
    expect(percpuMultiset(engine.pa, 8)).toEqual(percpuMultiset(kernel.maps.pa, 8));
    expect(percpuMultiset(engine.ph, 8)).toEqual(
      percpuMultiset(kernel.maps.ph, 8).sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });
});
