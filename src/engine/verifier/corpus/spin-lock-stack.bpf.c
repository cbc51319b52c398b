// verdict: reject
// error: R1 type=fp expected=map_value, ptr_
/* Locking a bpf_spin_lock on the stack instead of in a map value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  struct bpf_spin_lock l = {};
  bpf_spin_lock(&l);
  bpf_spin_unlock(&l);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
