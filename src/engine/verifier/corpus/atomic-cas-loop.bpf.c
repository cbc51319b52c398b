// verdict: accept
/* A bounded compare-and-swap loop keeping a maximum: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 max_seen;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 v = bpf_get_prandom_u32();
  for (int i = 0; i < 8; i++) {
    __u64 cur = max_seen;
    if (v <= cur)
      break;
    if (__sync_val_compare_and_swap(&max_seen, cur, v) == cur)
      break;
  }
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
