// verdict: reject
// error: invalid shift 64
/* Shifting a 64-bit register by 64. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = 1\n"
               "r0 <<= 64\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
