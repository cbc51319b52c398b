// verdict: accept
/* Look up the inner map, then the value, both NULL-checked: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct inner {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} inner0 SEC(".maps"), inner1 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 2);
  __type(key, __u32);
  __array(values, struct inner);
} outer SEC(".maps") = {.values = {&inner0, &inner1}};

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 k = 0;
  void *in = bpf_map_lookup_elem(&outer, &k);
  if (!in)
    return XDP_PASS;
  __u64 *v = bpf_map_lookup_elem(in, &k);
  if (v)
    __sync_fetch_and_add(v, 1);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
