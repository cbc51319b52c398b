// verdict: accept
/* An int loop index bounded by a run-time count and a constant, used to index a map value: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct table {
  __u32 v[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, struct table);
  __uint(max_entries, 1);
} tables SEC(".maps");

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 key = 0;
  struct table *t = bpf_map_lookup_elem(&tables, &key);
  if (!t)
    return 0;
  int n = skb->len;
  __u32 sum = 0;
  for (int i = 0; i < n && i < 16; i++)
    sum += t->v[i];
  return sum & 1;
}

char LICENSE[] SEC("license") = "GPL";
