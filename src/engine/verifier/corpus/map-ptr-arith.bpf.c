// verdict: reject
// error: R1 pointer arithmetic on map_ptr prohibited
/* Pointer arithmetic on a map pointer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r1 = counts ll\n"
               "r1 += 8\n"
               "r0 = 2\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
