// verdict: reject
// error: div by zero
/* Division by the constant 0. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = 8\n"
               "r0 /= 0\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
