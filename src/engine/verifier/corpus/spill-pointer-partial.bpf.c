// verdict: reject
// error: invalid size of register spill
/* Spilling a pointer with a 4-byte store. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "*(u32 *)(r10 - 8) = r1\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
