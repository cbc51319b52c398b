// verdict: accept
/* Spill the context pointer to the stack and read it back: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "*(u64 *)(r10 - 8) = r1\n"
               "r2 = *(u64 *)(r10 - 8)\n"
               "r0 = *(u32 *)(r2 + 12)\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
