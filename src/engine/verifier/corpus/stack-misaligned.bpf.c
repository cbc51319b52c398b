// verdict: reject
// error: misaligned stack access off 0+0+-12 size 8
/* An 8-byte store at an unaligned stack offset. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = 0\n"
               "*(u64 *)(r10 - 12) = r1\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
