// verdict: reject
// error: R0 invalid mem access 'map_value_or_null'
/* Key 2 stored as a full 8-byte stack slot. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} slots SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u64 key = 2;
  asm volatile("" : "+r"(key));
  __u64 *v = bpf_map_lookup_elem(&slots, &key);
  *v += 1;
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
