// pointers to globals and to map values passed to inline functions
// expect: g = 3
// expect: mv = 7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

__u64 g, mv;

static __always_inline void add_to(__u64 *p, __u64 n)
{
	*p += n;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	add_to(&g, 1);
	add_to(&g, 2);
	__u32 k = 3;
	__u64 *v = bpf_map_lookup_elem(&arr, &k);
	if (v) {
		add_to(v, 7);
		mv = *v;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
