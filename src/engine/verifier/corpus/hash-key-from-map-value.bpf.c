// verdict: accept
/* Using a map value as the key of another lookup: accepted. */
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
  __u64 *w = bpf_map_lookup_elem(&counts, v);
  return w ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
