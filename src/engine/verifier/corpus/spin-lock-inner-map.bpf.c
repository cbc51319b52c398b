// verdict: accept
/* A bpf_spin_lock in the value of an inner map of ARRAY_OF_MAPS: this kernel (6.18) accepts it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct val {
  struct bpf_spin_lock lock;
  __u64 n;
};

struct inner {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct val);
  __uint(max_entries, 1);
} in0 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 1);
  __type(key, __u32);
  __array(values, struct inner);
} outer SEC(".maps") = {.values = {&in0}};

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 k = 0;
  void *m = bpf_map_lookup_elem(&outer, &k);
  if (!m)
    return 0;
  struct val *v = bpf_map_lookup_elem(m, &k);
  if (!v)
    return 0;
  bpf_spin_lock(&v->lock);
  v->n++;
  bpf_spin_unlock(&v->lock);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
