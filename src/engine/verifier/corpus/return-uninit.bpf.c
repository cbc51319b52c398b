// verdict: reject
// error: R0 !read_ok
/* One path exits without setting R0. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile("if r1 == 0 goto 1f\n"
               "r0 = 2\n"
               "1: exit\n");
}

char LICENSE[] SEC("license") = "GPL";
