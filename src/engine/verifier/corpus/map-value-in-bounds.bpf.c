// verdict: accept
/* Reading the last 8 bytes of the value: accepted. */
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
  return r->a ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
