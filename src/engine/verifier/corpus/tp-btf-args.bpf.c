// verdict: accept
/* tp_btf/sys_enter reads its arguments as u64 slots: ctx[1] is the syscall number. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("tp_btf/sys_enter")
int prog(__u64 *ctx) {
  seen = ctx[1];
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
