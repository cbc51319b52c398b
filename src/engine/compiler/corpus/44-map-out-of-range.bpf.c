// array lookup past max_entries returns NULL
// expect: miss = 1
// expect: hit = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

__u64 miss, hit;
__u32 bad_key = 10, good_key = 3;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = bad_key;
	if (!bpf_map_lookup_elem(&arr, &k))
		miss = 1;
	k = good_key;
	if (bpf_map_lookup_elem(&arr, &k))
		hit = 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
