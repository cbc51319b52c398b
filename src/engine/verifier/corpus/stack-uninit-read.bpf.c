// verdict: accept
/* Reading a stack slot that was never written. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 x[2];
  asm volatile("" : "=m"(x[0]));
  return x[1] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
