// verdict: accept
/* bpf_get_current_comm into a stack buffer: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  char b[16];
  return bpf_get_current_comm(b, sizeof(b)) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
