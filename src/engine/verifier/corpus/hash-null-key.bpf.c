// verdict: reject
// error: R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
/* Passing NULL as the key of bpf_map_lookup_elem. */
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
  return bpf_map_lookup_elem(&counts, 0) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
