// verdict: reject
// error: R0 !read_ok
/* A compare-and-swap (raw bytes) before R0 was ever set: CMPXCHG compares with R0. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter;

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = counter ll\n"
               "r2 = 1\n"
               ".8byte 0x000000f1000021db\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
