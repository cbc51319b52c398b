// verdict: accept
/* Copy a value to the stack, change it, write it back with bpf_map_update_elem: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct pair {
  __u64 a;
  __u64 b;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct pair);
  __uint(max_entries, 8);
} pairs SEC(".maps");

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 key = skb->len & 7;
  struct pair *old = bpf_map_lookup_elem(&pairs, &key);
  struct pair next = {};
  if (old)
    __builtin_memcpy(&next, old, sizeof(next));
  next.a += 1;
  next.b = 2 * next.a;
  bpf_map_update_elem(&pairs, &key, &next, BPF_ANY);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
