// verdict: accept
/* The NULL check is on a copy of the pointer; the original is then known non-NULL too. */
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
  __u32 key = 1;
  __u64 *v = bpf_map_lookup_elem(&counts, &key);
  __u64 *w = v;
  asm volatile("" : "+r"(w));
  if (!w)
    return XDP_PASS;
  *v += 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
