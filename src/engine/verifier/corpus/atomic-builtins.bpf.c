// verdict: accept
/* All the __sync builtins of the course on a map value and a global: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} slots SEC(".maps");

__u64 counter;
__u32 flags;

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 0;
  __u64 *v = bpf_map_lookup_elem(&slots, &key);
  if (!v)
    return XDP_PASS;
  __u64 old = __sync_fetch_and_add(v, 1);
  __sync_fetch_and_sub(&counter, old);
  __sync_fetch_and_or(&flags, 4);
  __sync_fetch_and_and(&flags, 6);
  __sync_fetch_and_xor(&flags, 1);
  __sync_val_compare_and_swap(&counter, 5, 6);
  __sync_lock_test_and_set(v, 9);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
