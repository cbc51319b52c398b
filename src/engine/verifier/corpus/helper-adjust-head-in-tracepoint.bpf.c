// verdict: reject
// error: program of this type cannot use helper bpf_xdp_adjust_head#44
/* bpf_xdp_adjust_head in a tracepoint program. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/raw_syscalls/sys_enter")
int prog(void *ctx) {
  return bpf_xdp_adjust_head(ctx, 0);
}

char LICENSE[] SEC("license") = "GPL";
