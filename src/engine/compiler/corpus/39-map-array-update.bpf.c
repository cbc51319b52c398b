// bpf_map_update_elem on an array, then lookup
// expect: rc = 0
// expect: got = 42
// expect: bad = -7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

long rc, bad;
__u64 got;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 1;
	__u64 val = 42;
	rc = bpf_map_update_elem(&arr, &k, &val, BPF_ANY);
	__u64 *v = bpf_map_lookup_elem(&arr, &k);
	if (v)
		got = *v;
	k = 9;
	bad = bpf_map_update_elem(&arr, &k, &val, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
