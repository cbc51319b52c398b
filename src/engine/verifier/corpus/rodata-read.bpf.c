// verdict: accept
/* Reading a const volatile global: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u64 limit = 10;
__u64 seen;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  seen += limit;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
