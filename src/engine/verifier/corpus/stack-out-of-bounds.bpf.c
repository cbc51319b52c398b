// verdict: reject
// error: invalid write to stack R10 off=-520 size=8
/* Writing below the 512-byte stack. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  asm volatile("r1 = 0; *(u64 *)(r10 - 520) = r1" ::: "r1");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
