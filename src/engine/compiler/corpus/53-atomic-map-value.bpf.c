// atomics on a map value
// expect: old = 0
// expect: now = 8
// expect: cas = 8
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

__u64 old, now, cas;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&arr, &k);
	if (!v)
		return XDP_ABORTED;
	old = __sync_fetch_and_add(v, 3);
	__sync_fetch_and_add(v, 5);
	now = *v;
	cas = __sync_val_compare_and_swap(v, 8, 100);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
