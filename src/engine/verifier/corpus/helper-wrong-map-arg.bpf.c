// verdict: reject
// error: R1 type=scalar expected=map_ptr
/* Passing a number where the helper needs a map. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  void *m = (void *)(long)bpf_get_prandom_u32();
  return bpf_map_lookup_elem(m, &key) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
