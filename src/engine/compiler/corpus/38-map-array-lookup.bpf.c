// array map lookup with NULL check, update through the pointer
// expect: got = 5
// expect: again = 10
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

__u64 got, again;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 2;
	__u64 *v = bpf_map_lookup_elem(&arr, &k);
	if (!v)
		return XDP_ABORTED;
	*v += 5;
	got = *v;
	v = bpf_map_lookup_elem(&arr, &k);
	if (v) {
		*v += 5;
		again = *v;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
