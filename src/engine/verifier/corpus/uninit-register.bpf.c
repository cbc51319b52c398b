// verdict: reject
// error: R5 !read_ok
/* Using a register that was never written. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile("r0 = r5\n"
               "exit\n");
}

char LICENSE[] SEC("license") = "GPL";
