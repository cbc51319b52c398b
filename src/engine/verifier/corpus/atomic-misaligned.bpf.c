// verdict: reject
// error: misaligned value access off 0+0+4 size 8
/* An 8-byte atomic add at offset 4 of a global: atomics must be aligned. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter[2];

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = counter ll\n"
               "r2 = 1\n"
               "lock *(u64 *)(r1 + 4) += r2\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
