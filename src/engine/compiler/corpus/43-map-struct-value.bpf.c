// struct values: fields through the lookup pointer
// expect: count = 2
// expect: sum = 30
// expect: avg = 15
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct stat_val { __u64 count; __u64 sum; __u32 flags; };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct stat_val);
} stats SEC(".maps");
__u64 count, sum, avg;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 1;
	struct stat_val *s = bpf_map_lookup_elem(&stats, &k);
	if (!s)
		return XDP_ABORTED;
	s->count++;
	s->sum += 10;
	s->count += 1;
	s->sum += 20;
	s->flags |= 4;
	count = s->count;
	sum = s->sum;
	avg = s->sum / s->count;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
