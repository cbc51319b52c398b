// verdict: reject
// error: R1 min value is outside of the allowed memory range
/* Reading 8 bytes past the end of an 8-byte map value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct rec {
  __u64 a;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct rec);
  __uint(max_entries, 16);
} recs SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  struct rec *r = bpf_map_lookup_elem(&recs, &key);
  if (!r)
    return XDP_PASS;
  return *(__u64 *)((char *)r + 8) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
