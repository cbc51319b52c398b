/** Parallel mode with a lab-style userspace script running at the same time as the CPUs. */
import { expect, test } from 'vitest';
import { compile } from '../compiler/index.ts';
import type { ProgramObject } from '../object.ts';
import { runParallel } from './index.ts';

const SOURCE = `
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } in0 SEC(".maps");
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 1);
  __type(key, __u32);
  __array(values, struct inner);
} outer SEC(".maps") = { .values = { [0] = &in0 } };

__u64 total = 0;

SEC("xdp")
int count(struct xdp_md *ctx)
{
  __u32 k = 0;
  void *m = bpf_map_lookup_elem(&outer, &k);
  if (!m)
    return XDP_PASS;
  __u64 *v = bpf_map_lookup_elem(m, &k);
  if (v)
    __sync_fetch_and_add(v, 1);
  __sync_fetch_and_add(&total, 1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
`;

function object(): ProgramObject {
  const out = compile({ path: 'swap.bpf.c', source: SOURCE });
  expect(out.diagnostics).toEqual([]);
  return out.object!;
}

test('userspace swaps the inner map while 2 CPUs run; every event lands in exactly one inner map', async () => {
  let swapped = 0n;
  const r = await runParallel(object(), 'count', {
    mode: 'parallel',
    cpus: 2,
    events: 200_000,
    userspace: async (bpf) => {
      const outer = bpf.map('outer');
      const fresh = await outer.createInner();
      // The update waits (synchronize) until invocations that may still use the old inner
      // map have returned; only then is the old map's count final.
      const old = (await outer.lookupMap(0))!;
      expect(await outer.update(0, fresh)).toBe(0);
      swapped = (await old.lookup(0)) as bigint;
      await bpf.sleep(1);
      expect((await old.lookup(0)) as bigint).toBe(swapped);
    },
  });
  expect(r.error).toBeUndefined();
  expect(r.globals.total).toBe(400_000n);
  const inner = r.maps.outer[0].value as unknown as { key: bigint; value: bigint }[];
  expect(swapped + inner[0].value).toBe(400_000n);
});

test('a failing userspace script is reported in the result', async () => {
  const r = await runParallel(object(), 'count', {
    mode: 'parallel',
    cpus: 2,
    events: 1000,
    userspace: async (bpf) => {
      await bpf.map('nope').lookup(0);
    },
  });
  expect(r.error?.code).toBe('userspace');
  expect(r.error?.message).toMatch(/userspace script failed: .*nope/);
});

test('cpusRunning() is true while the CPUs run and false once every event is done', async () => {
  const seen: boolean[] = [];
  let totalAfter = -1n;
  const r = await runParallel(object(), 'count', {
    mode: 'parallel',
    cpus: 2,
    events: 200_000,
    userspace: async (bpf) => {
      seen.push(bpf.cpusRunning() === true);
      while (bpf.cpusRunning()) await bpf.sleep(1);
      seen.push(bpf.cpusRunning() === false);
      totalAfter = (await bpf.map('.bss').lookup(0)) as bigint;
    },
  });
  expect(r.error).toBeUndefined();
  expect(seen).toEqual([true, true]);
  expect(totalAfter).toBe(400_000n);
});
