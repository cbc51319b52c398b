// verdict: reject
// error: map 'pcpu' has to have BTF in order to use bpf_spin_lock
/* A bpf_spin_lock in a PERCPU_ARRAY value. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct val {
  struct bpf_spin_lock lock;
  __u64 n;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __type(key, __u32);
  __type(value, struct val);
  __uint(max_entries, 1);
} pcpu SEC(".maps");

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u32 key = 0;
  struct val *v = bpf_map_lookup_elem(&pcpu, &key);
  if (!v)
    return 0;
  bpf_spin_lock(&v->lock);
  v->n++;
  bpf_spin_unlock(&v->lock);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
