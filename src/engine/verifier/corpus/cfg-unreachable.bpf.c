// verdict: reject
// error: unreachable insn 2
/* An instruction no path reaches. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  asm volatile("r0 = 2\n"
               "exit\n"
               "r0 = 1\n" ::: "r0");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
