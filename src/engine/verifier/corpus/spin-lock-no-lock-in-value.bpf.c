// verdict: reject
// error: map 'counts' has no valid bpf_spin_lock
/* Locking a value whose map has no bpf_spin_lock. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  __u64 *v = bpf_map_lookup_elem(&counts, &key);
  if (!v)
    return XDP_PASS;
  bpf_spin_lock((struct bpf_spin_lock *)v);
  *v += 1;
  bpf_spin_unlock((struct bpf_spin_lock *)v);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
