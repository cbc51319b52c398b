// verdict: reject
// error: off 8 doesn't point to 'struct bpf_spin_lock' that is at 0
/* Passing a pointer into the value that is not the lock. */
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
  __u32 key = 0;
  struct pair *p = bpf_map_lookup_elem(&pairs, &key);
  if (!p)
    return XDP_PASS;
  bpf_spin_lock((struct bpf_spin_lock *)&p->count);
  bpf_spin_unlock((struct bpf_spin_lock *)&p->count);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
