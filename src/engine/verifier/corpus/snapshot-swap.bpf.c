// verdict: accept
/* Double buffering with ARRAY_OF_MAPS: count into the active inner map chosen by a global: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct counts {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 64);
} buf0 SEC(".maps"), buf1 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 2);
  __type(key, __u32);
  __array(values, struct counts);
} buffers SEC(".maps") = {.values = {&buf0, &buf1}};

volatile __u32 active;

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 which = active & 1;
  void *inner = bpf_map_lookup_elem(&buffers, &which);
  if (!inner)
    return 0;
  __u32 key = skb->len & 63;
  __u64 *v = bpf_map_lookup_elem(inner, &key);
  if (v) {
    __sync_fetch_and_add(v, 1);
  } else {
    __u64 one = 1;
    bpf_map_update_elem(inner, &key, &one, BPF_NOEXIST);
  }
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
