// verdict: reject
// error: combined stack size of 2 calls is 608. Too large
/* A 400-byte buffer in the program and a 200-byte one in the function it calls: together more than the 512-byte stack. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __noinline __u64 inner(__u32 seed) {
  volatile char buf[200];
  buf[seed & 127] = 1;
  return buf[(seed >> 8) & 127];
}

SEC("xdp")
int prog(struct xdp_md *ctx) {
  volatile char big[400];
  __u32 s = bpf_get_prandom_u32();
  big[s & 255] = 2;
  return big[(s >> 8) & 255] + inner(s) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
