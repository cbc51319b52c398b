// verdict: accept
/* A loop with a constant bound: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 total;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 sum = 0, x = bpf_get_prandom_u32();
#pragma clang loop unroll(disable)
  for (int i = 0; i < 16; i++)
    sum += x >> i;
  total = sum;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
