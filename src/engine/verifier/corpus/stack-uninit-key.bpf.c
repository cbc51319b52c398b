// verdict: accept
/* Passing an uninitialised key to a map lookup. */
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
  __u32 key;
  asm volatile("" ::: "memory");
  __u64 *v = bpf_map_lookup_elem(&counts, &key);
  return v ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
