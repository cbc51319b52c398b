// verdict: reject
// error: BPF_ATOMIC stores into R1 ctx is not allowed
/* An atomic add on the context pointer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  asm volatile("r2 = 1; lock *(u32 *)(r1 + 0) += r2" ::: "r2");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
