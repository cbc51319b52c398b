// verdict: accept
/* A log2 latency histogram: a bounded loop finds the slot, a clamp keeps it in range: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define SLOTS 32

struct hist {
  __u64 slots[SLOTS];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, struct hist);
  __uint(max_entries, 1);
} hists SEC(".maps");

__u64 max_seen;

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u64 v = bpf_ktime_get_ns() & 0xffffff;
  __u32 slot = 0;
  for (int i = 0; i < 64 && v > 1; i++) {
    v >>= 1;
    slot++;
  }
  if (slot >= SLOTS)
    slot = SLOTS - 1;
  __u32 key = 0;
  struct hist *h = bpf_map_lookup_elem(&hists, &key);
  if (!h)
    return 0;
  h->slots[slot]++;
  __u64 cur = max_seen;
  if (v > cur)
    __sync_val_compare_and_swap(&max_seen, cur, v);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
