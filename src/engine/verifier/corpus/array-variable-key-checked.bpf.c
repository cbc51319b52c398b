// verdict: accept
/* The run-time key with a NULL check: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} slots SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = bpf_get_prandom_u32() & 3;
  __u64 *v = bpf_map_lookup_elem(&slots, &key);
  if (!v)
    return XDP_PASS;
  *v += 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
