// verdict: reject
// error: invalid bpf_context access off=104 size=8
/* A raw tracepoint's context holds at most 12 u64 arguments. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("raw_tp/sys_enter")
int prog(__u64 *ctx) {
  seen = ctx[13];
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
