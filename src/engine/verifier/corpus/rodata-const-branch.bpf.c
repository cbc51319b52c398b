// verdict: accept
/* A branch on a const volatile global is decided at load time; the dead path would fault: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile int debug = 0;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  if (debug) {
    __u64 *p = 0;
    return *p;
  }
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
