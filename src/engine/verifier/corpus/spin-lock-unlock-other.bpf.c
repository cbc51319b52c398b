// verdict: reject
// error: bpf_spin_unlock of different lock
/* Unlocking a different element's lock than the one taken. */
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

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 k0 = 0, k1 = 1;
  struct pair *a = bpf_map_lookup_elem(&pairs, &k0);
  struct pair *b = bpf_map_lookup_elem(&pairs, &k1);
  if (!a || !b)
    return XDP_PASS;
  bpf_spin_lock(&a->lock);
  a->count += 1;
  bpf_spin_unlock(&b->lock);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
