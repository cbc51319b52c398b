// verdict: accept
/* A BPF-to-BPF call to a non-inlined function: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

static __noinline __u64 bump(__u32 k) {
  __u64 *v = bpf_map_lookup_elem(&counts, &k);
  if (!v)
    return 0;
  return __sync_fetch_and_add(v, 1);
}

SEC("xdp")
int prog(struct xdp_md *ctx) {
  return bump(1) + bump(2) > 10 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
