// verdict: reject
// error: BPF_ATOMIC stores into R1 pkt is not allowed
/* An atomic add on packet memory. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 8 > data_end)
    return XDP_PASS;
  __sync_fetch_and_add((__u64 *)data, 1);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
