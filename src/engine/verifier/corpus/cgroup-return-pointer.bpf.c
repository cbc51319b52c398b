// verdict: reject
// error: At program exit the register R0 is not a known value (ctx)
/* Returning a pointer from a cgroup_skb program. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = r1\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
