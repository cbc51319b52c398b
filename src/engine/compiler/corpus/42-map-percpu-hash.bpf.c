// per-CPU hash: update then lookup
// expect: got = 99
// expect: miss = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 8);
	__type(key, __u64);
	__type(value, __u32);
} ph SEC(".maps");
__u64 got, miss;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 k = 5;
	__u32 v = 99;
	bpf_map_update_elem(&ph, &k, &v, BPF_ANY);
	__u32 *p = bpf_map_lookup_elem(&ph, &k);
	if (p)
		got = *p;
	k = 6;
	miss = !bpf_map_lookup_elem(&ph, &k);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
