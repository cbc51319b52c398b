// verdict: reject
// error: invalid bpf_context access off=12 size=4
/* Writing a field of the XDP context. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  ctx->ingress_ifindex = 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
