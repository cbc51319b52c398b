// verdict: accept
/* Division by a register that is 0 at run time: allowed (the result is 0). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = 8\n"
               "r1 = 0\n"
               "r0 /= r1\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
