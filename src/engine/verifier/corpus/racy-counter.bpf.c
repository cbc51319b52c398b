// verdict: accept
/* The course's first program: a racy global counter in a sys_enter tracepoint: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 counter;

SEC("tracepoint/raw_syscalls/sys_enter")
int prog(void *ctx) {
  counter++;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
