// verdict: accept
/* An ARRAY lookup with key 0 (a zeroed stack slot the verifier can see): known non-NULL. */
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
  __u32 key = 0;
  __u64 *v = bpf_map_lookup_elem(&slots, &key);
  *v += 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
