// verdict: accept
/* A packet pointer advanced by a run-time amount, then bounds-checked: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  __u32 skip = bpf_get_prandom_u32() & 15;
  __u8 *p = data + skip;
  if ((void *)(p + 1) > data_end)
    return XDP_DROP;
  return *p ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
