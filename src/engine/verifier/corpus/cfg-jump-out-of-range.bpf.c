// verdict: reject
// error: jump out of range from insn 0 to 65
/* A jump past the end of the program. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  asm volatile(".8byte 0x0000000000400005" ::: "r0");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
