// verdict: reject
// error: math between map_value pointer and register with unbounded min value is not allowed
/* A signed index checked only from above (i < 16) can still be negative. */
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
  int i = (int)skb->mark;
  if (i < 16)
    return t->v[i] & 1;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
