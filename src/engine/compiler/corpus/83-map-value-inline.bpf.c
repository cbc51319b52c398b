// a map value pointer handed to inline functions that branch
// expect: count = 3
// expect: flags = 5
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct rec { __u64 count; __u32 flags; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct rec);
} recs SEC(".maps");
__u64 count, flags;

static __always_inline void bump(struct rec *r, __u32 f)
{
	if (!r)
		return;
	r->count++;
	if (f & 1)
		r->flags |= f;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 7;
	struct rec init = {};
	bpf_map_update_elem(&recs, &k, &init, BPF_NOEXIST);
	struct rec *r = bpf_map_lookup_elem(&recs, &k);
	bump(r, 1);
	bump(r, 4);
	bump(r, 5);
	if (r) {
		count = r->count;
		flags = r->flags;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
