// verdict: reject
// error: write into map forbidden, value_size=8 off=0 size=8
/* Writing a const volatile global (in .rodata) through a cast. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u64 limit = 10;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  *(volatile __u64 *)&limit = 20;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
