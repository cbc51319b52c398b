// per-CPU array: this CPU's slot
// expect: got = 3
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pc SEC(".maps");
__u64 got;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 0;
	for (int i = 0; i < 3; i++) {
		__u64 *v = bpf_map_lookup_elem(&pc, &k);
		if (v)
			*v += 1;
	}
	__u64 *v = bpf_map_lookup_elem(&pc, &k);
	if (v)
		got = *v;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
