/* Oracle smoke test: one program the kernel rejects (no NULL check after a HASH lookup), one it
 * accepts and that changes a global and a map when run. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 4);
} seen SEC(".maps");

__u64 counter;

SEC("xdp")
int no_null_check(struct xdp_md *ctx) {
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&seen, &k);
  *v += 1;
  return XDP_PASS;
}

SEC("xdp")
int count(struct xdp_md *ctx) {
  __sync_fetch_and_add(&counter, 5);
  __u32 k = 7;
  __u64 v = 0x1122334455667788;
  bpf_map_update_elem(&seen, &k, &v, BPF_ANY);
  return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
