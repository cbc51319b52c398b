// verdict: reject
// error: R0 tried to subtract pointer from scalar
/* Subtracting a pointer from a number. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = 2\n"
               "r0 -= r1\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
