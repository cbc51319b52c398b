// verdict: reject
// error: R1 invalid mem access 'scalar'
/* Dereferencing a number. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 addr = bpf_get_prandom_u32();
  return *(__u32 *)addr;
}

char LICENSE[] SEC("license") = "GPL";
