/* ELF loader test object: maps, map-in-map, a spin-lock value, globals in .bss/.data/.rodata,
 * and non-inlined subprograms (one called from two programs, one calling another). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct pair {
  struct bpf_spin_lock lock;
  __u64 count;
  __u64 sum;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct pair);
  __uint(max_entries, 16);
} pairs SEC(".maps");

struct inner {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 8);
} inner_a SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 2);
  __type(key, __u32);
  __array(values, struct inner);
} outer SEC(".maps") = { .values = { [1] = &inner_a } };

__u64 hits;
__u64 seed = 42;
const volatile __u32 limit = 10;

static __noinline __u64 twice(__u64 x) { return x * 2 + seed; }
static __noinline __u64 quad(__u64 x) { return twice(twice(x)); }

SEC("xdp")
int prog_a(struct xdp_md *ctx) {
  __u32 k = 0;
  struct pair *p = bpf_map_lookup_elem(&pairs, &k);
  if (!p) return XDP_PASS;
  bpf_spin_lock(&p->lock);
  p->count += 1;
  p->sum += limit;
  bpf_spin_unlock(&p->lock);
  hits += quad(hits);
  return XDP_PASS;
}

SEC("tc")
int prog_b(struct __sk_buff *skb) {
  __u32 k = 1;
  void *in = bpf_map_lookup_elem(&outer, &k);
  if (!in) return 0;
  __u64 *v = bpf_map_lookup_elem(in, &k);
  if (v) *v = twice(*v);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
