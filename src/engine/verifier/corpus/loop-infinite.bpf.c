// verdict: reject
// error: infinite loop detected at insn 1
/* A loop that never changes its state. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  asm volatile("r0 = 0\n"
               "l_%=: if r0 == 0 goto l_%=\n" ::: "r0");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
