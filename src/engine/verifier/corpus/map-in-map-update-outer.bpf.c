// verdict: reject
// error: cannot pass map_type 12 into func bpf_map_update_elem#2
/* Programs may look up an ARRAY_OF_MAPS but not update it (userspace swaps inner maps). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct counts {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 64);
} buf0 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 2);
  __type(key, __u32);
  __array(values, struct counts);
} buffers SEC(".maps") = {.values = {&buf0}};

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 k = 0;
  __u32 fd = 0;
  return bpf_map_update_elem(&buffers, &k, &fd, BPF_ANY);
}

char LICENSE[] SEC("license") = "GPL";
