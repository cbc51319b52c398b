// verdict: accept
/* Copy a map value to the stack and update the map with it: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx) {
  __u32 key = 3;
  __u64 *v = bpf_map_lookup_elem(&counts, &key);
  if (!v)
    return XDP_PASS;
  __u64 copy = *v + 1;
  bpf_map_update_elem(&counts, &key, &copy, BPF_EXIST);
  bpf_map_delete_elem(&counts, &key);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
