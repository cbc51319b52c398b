// bpf_spin_lock around a two-field update (XDP may take locks)
// expect: count = 1
// expect: sum = 5
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct val { struct bpf_spin_lock lock; __u64 count; __u64 sum; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct val);
} vals SEC(".maps");
__u64 count, sum;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 0;
	struct val *v = bpf_map_lookup_elem(&vals, &k);
	if (!v)
		return XDP_ABORTED;
	bpf_spin_lock(&v->lock);
	v->count++;
	v->sum += 5;
	bpf_spin_unlock(&v->lock);
	count = v->count;
	sum = v->sum;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
