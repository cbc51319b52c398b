// verdict: reject
// error: invalid bpf_context access off=8 size=8
/* Tracepoint contexts are read-only. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/raw_syscalls/sys_enter")
int prog(struct trace_event_raw_sys_enter *ctx) {
  ctx->id = 0;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
