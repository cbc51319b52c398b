// verdict: reject
// error: R0 pointer arithmetic on map_value_or_null prohibited, null-check it first
/* Pointer arithmetic on a lookup result before the NULL check. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct rec {
  __u64 a;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct rec);
  __uint(max_entries, 16);
} recs SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  char *r = bpf_map_lookup_elem(&recs, &key);
  asm volatile("%[r] += 4" : [r] "+r"(r));
  if (!r)
    return XDP_PASS;
  return *(__u32 *)r;
}

char LICENSE[] SEC("license") = "GPL";
