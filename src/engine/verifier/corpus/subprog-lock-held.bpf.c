// verdict: accept
/* Calling a static BPF function while holding a lock: this kernel allows it. */
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

static __noinline int helper(struct pair *p) {
  return p->sum > 3;
}

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  struct pair *p = bpf_map_lookup_elem(&pairs, &key);
  if (!p)
    return XDP_PASS;
  bpf_spin_lock(&p->lock);
  p->count += helper(p);
  bpf_spin_unlock(&p->lock);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
