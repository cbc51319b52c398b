// verdict: reject
// error: R1 32-bit pointer arithmetic prohibited
/* 32-bit arithmetic on a pointer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "w1 += 4\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
