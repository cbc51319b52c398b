// verdict: reject
// error: R6 unbounded memory access, make sure to bounds check any such access
/* A run-time index that is never bounds-checked. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct table {
  __u64 v[8];
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct table);
  __uint(max_entries, 1);
} tables SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  struct table *t = bpf_map_lookup_elem(&tables, &key);
  if (!t)
    return XDP_PASS;
  __u64 i = bpf_get_prandom_u32();
  t->v[i] += 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
