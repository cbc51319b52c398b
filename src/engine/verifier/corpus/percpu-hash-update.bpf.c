// verdict: accept
/* A PERCPU_HASH counter: look up, add, or insert with BPF_NOEXIST: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 64);
} per_flow SEC(".maps");

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 key = skb->protocol;
  __u64 *v = bpf_map_lookup_elem(&per_flow, &key);
  if (v) {
    *v += skb->len;
    return 0;
  }
  __u64 len = skb->len;
  bpf_map_update_elem(&per_flow, &key, &len, BPF_NOEXIST);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
