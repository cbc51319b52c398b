// verdict: accept
/* A run-time stack index masked into range: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 buf[4];
  for (int j = 0; j < 4; j++)
    buf[j] = bpf_get_prandom_u32();
  __u64 i = bpf_get_prandom_u32() & 3;
  return buf[i] == 2 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
