// verdict: accept
/* Writing packet bytes in XDP after a bounds check: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 2 > data_end)
    return XDP_DROP;
  *(__u16 *)data = 0xffff;
  return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
