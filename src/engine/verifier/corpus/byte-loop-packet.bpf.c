// verdict: accept
/* Sum the first 32 packet bytes, checking each against data_end inside the loop: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u8 *p = (void *)(long)ctx->data;
  void *end = (void *)(long)ctx->data_end;
  __u32 sum = 0;
  for (int i = 0; i < 32; i++) {
    if ((void *)(p + i + 1) > end)
      break;
    sum += p[i];
  }
  return sum & 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
