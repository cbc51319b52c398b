// verdict: reject
// error: invalid bpf_context access off=16 size=8
/* sys_enter has two arguments (regs, id): there is no ctx[2]. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("tp_btf/sys_enter")
int prog(__u64 *ctx) {
  seen = ctx[2];
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
