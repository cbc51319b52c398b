// verdict: reject
// error: invalid bpf_context access off=8 size=8
/* The arguments of a BTF tracepoint are read-only. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tp_btf/sys_enter")
int prog(__u64 *ctx) {
  ctx[1] = 0;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
