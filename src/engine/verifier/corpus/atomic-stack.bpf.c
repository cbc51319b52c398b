// verdict: accept
/* An atomic add on a stack slot: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 x = 1;
  __sync_fetch_and_add(&x, 2);
  return x == 3 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
