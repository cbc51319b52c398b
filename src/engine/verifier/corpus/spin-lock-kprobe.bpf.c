// verdict: reject
// error: tracing progs cannot use bpf_spin_lock yet
/* Spin lock in a kprobe program (a tracing program type). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct pair {
  struct bpf_spin_lock lock;
  __u64 count;
  __u64 sum;
};

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, struct pair);
  __uint(max_entries, 16);
} pairs SEC(".maps");

SEC("kprobe/do_nanosleep")
int prog(void *ctx) {
  __u32 key = 0;
  struct pair *p = bpf_map_lookup_elem(&pairs, &key);
  if (!p)
    return 0;
  bpf_spin_lock(&p->lock);
  p->count += 1;
  p->sum += 5;
  bpf_spin_unlock(&p->lock);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
