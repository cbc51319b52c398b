// verdict: reject
// error: R0 min value is outside of the allowed memory range
/* The same histogram without the clamp: the slot can reach 64, past the 32 slots. */
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

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u64 v = bpf_ktime_get_ns();
  __u32 slot = 0;
  for (int i = 0; i < 64 && v > 1; i++) {
    v >>= 1;
    slot++;
  }
  __u32 key = 0;
  struct hist *h = bpf_map_lookup_elem(&hists, &key);
  if (!h)
    return 0;
  h->slots[slot]++;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
