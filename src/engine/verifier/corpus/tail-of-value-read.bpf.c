// verdict: reject
// error: R0 min value is outside of the allowed memory range
/* A 4-byte read that starts inside the value but runs past its end. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 1);
} one SEC(".maps");

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile("r1 = 0\n"
               "*(u32 *)(r10 - 4) = r1\n"
               "r2 = r10\n"
               "r2 += -4\n"
               "r1 = one ll\n"
               "call 1\n"
               "if r0 == 0 goto 1f\n"
               "r0 = *(u32 *)(r0 + 6)\n"
               "1: r0 = 2\n"
               "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
