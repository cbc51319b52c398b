// verdict: reject
// error: invalid atomic operand size
/* A 16-bit atomic add (lock *(u16 *)(r1 + 0) += r2). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  /* clang refuses 8/16-bit atomics, so the instruction is written as raw bytes. */
  asm volatile("r1 = %[c] ll\n"
               "r2 = 1\n"
               ".8byte 0x00000000000021cb\n" ::[c] "i"(&counter)
               : "r1", "r2");
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
