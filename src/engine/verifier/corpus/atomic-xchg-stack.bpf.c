// verdict: accept
/* An atomic exchange on the stack (raw bytes): accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = 5\n"
               "*(u64 *)(r10 - 8) = r1\n"
               "r2 = 7\n"
               ".8byte 0x000000e1fff82adb\n"
               "r0 = r2\n"
               "r0 &= 3\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
