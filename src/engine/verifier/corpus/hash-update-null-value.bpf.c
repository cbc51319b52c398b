// verdict: reject
// error: R3 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
/* Passing NULL as the value of bpf_map_update_elem. */
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
  return bpf_map_update_elem(&counts, &key, 0, BPF_ANY);
}

char LICENSE[] SEC("license") = "GPL";
