// verdict: accept
/* bpf_get_current_pid_tgid in XDP: this kernel allows it in every program type. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  return bpf_get_current_pid_tgid() & 1;
}

char LICENSE[] SEC("license") = "GPL";
