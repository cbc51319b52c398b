// verdict: reject
// error: program of this type cannot use helper bpf_skb_load_bytes#26
/* bpf_skb_load_bytes is for skb programs; XDP cannot call it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  char b[4];
  return bpf_skb_load_bytes(ctx, 0, b, 4) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
