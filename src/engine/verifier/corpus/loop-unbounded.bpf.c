// verdict: reject
// error: The sequence of 8193 jumps is too complex.
/* A loop whose bound comes from a global: the verifier cannot see it end. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 total;
__u32 limit;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 n = limit;
#pragma clang loop unroll(disable)
  for (__u32 i = 0; i != n; i++)
    total += bpf_get_prandom_u32();
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
