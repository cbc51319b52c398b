// helper calls with computed arguments and results used in expressions
// expect: hits = 2
// expect: miss = 1
// expect: sum = 12
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");
__u32 base = 3;
__u64 hits, miss, sum;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = base + 1;
	__u64 v = k * 3;
	bpf_map_update_elem(&arr, &k, &v, BPF_ANY);
	hits = (bpf_map_lookup_elem(&arr, &k) != NULL) + (bpf_map_lookup_elem(&arr, &k) != NULL);
	k = base + 100;
	miss = bpf_map_lookup_elem(&arr, &k) == NULL;
	k = base + 1;
	__u64 *p = bpf_map_lookup_elem(&arr, &k);
	sum = p ? *p : 0;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
