// verdict: accept
/* Returning a map value pointer from an XDP program: allowed for a privileged loader. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter;

SEC("xdp")
__attribute__((naked)) int prog(void) {
  asm volatile(
               "r0 = counter ll\n"
               "exit\n"
  );
}

char LICENSE[] SEC("license") = "GPL";
