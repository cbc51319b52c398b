// verdict: accept
/* A 32-bit atomic fetch-add (w2 = atomic_fetch_add((u32 *)(r1 + 0), w2), as raw bytes) whose result is used as an index: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter[2];

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = counter ll\n"
               "w2 = 1\n"
               ".8byte 0x00000001000021c3\n"
               "r2 &= 1\n"
               "r2 <<= 3\n"
               "r1 += r2\n"
               "r0 = *(u64 *)(r1 + 0)\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
