// verdict: reject
// error: dereference of modified ctx ptr R1 off=4 disallowed
/* Reading the context through an advanced pointer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 += 4\n"
               "r0 = *(u32 *)(r1 + 0)\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
