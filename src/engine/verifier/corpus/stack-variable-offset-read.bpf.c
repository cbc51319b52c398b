// verdict: reject
// error: invalid unbounded variable-offset read from stack R2
/* Reading the stack at an offset only known at run time. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 buf[4];
  for (int j = 0; j < 4; j++)
    buf[j] = bpf_get_prandom_u32();
  __u64 i = bpf_get_prandom_u32();
  return buf[i] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
