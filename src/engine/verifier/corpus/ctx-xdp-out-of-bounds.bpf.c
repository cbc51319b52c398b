// verdict: reject
// error: invalid bpf_context access off=64 size=4
/* Reading past the end of struct xdp_md. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  return *(__u32 *)((char *)ctx + 64) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
