// verdict: reject
// error: function calls are not allowed while holding a lock
/* bpf_map_update_elem while holding the lock (a helper call under the lock). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct val {
  struct bpf_spin_lock lock;
  __u64 n;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct val);
  __uint(max_entries, 4);
} vals SEC(".maps");

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 key = 0;
  struct val *v = bpf_map_lookup_elem(&vals, &key);
  if (!v)
    return 0;
  bpf_spin_lock(&v->lock);
  struct val copy = {};
  copy.n = v->n + 1;
  bpf_map_update_elem(&vals, &key, &copy, BPF_ANY);
  bpf_spin_unlock(&v->lock);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
