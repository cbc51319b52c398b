// verdict: accept
/* The same atomic at offset 8: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter[2];

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = counter ll\n"
               "r2 = 1\n"
               "lock *(u64 *)(r1 + 8) += r2\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
