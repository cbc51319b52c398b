// verdict: accept
/* A 200-byte buffer in the program and a 200-byte one in the function it calls: within 512 bytes, accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __noinline __u64 inner(__u32 seed) {
  volatile char buf[200];
  buf[seed & 127] = 1;
  return buf[(seed >> 8) & 127];
}

SEC("xdp")
int prog(struct xdp_md *ctx) {
  volatile char big[200];
  __u32 s = bpf_get_prandom_u32();
  big[s & 127] = 2;
  return big[(s >> 8) & 127] + inner(s) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
