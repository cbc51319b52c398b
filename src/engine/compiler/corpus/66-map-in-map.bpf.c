// ARRAY_OF_MAPS with a statically initialised inner map
// expect: got = 1
// expect: outer_miss = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};
__u64 got, outer_miss;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 0;
	void *m = bpf_map_lookup_elem(&outer, &k);
	if (!m)
		return XDP_ABORTED;
	__u64 *v = bpf_map_lookup_elem(m, &k);
	if (!v)
		return XDP_ABORTED;
	*v += 1;
	got = *v;
	k = 1;
	outer_miss = bpf_map_lookup_elem(&outer, &k) == NULL;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
