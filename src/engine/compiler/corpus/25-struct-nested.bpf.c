// nested structs with an array member, via pointers
// expect: total = 66
// expect: second = 20
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct inner { __u32 v[3]; };
struct outer { __u8 tag; struct inner in; __u64 extra; };
__u32 total, second;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct outer o = {};
	struct outer *po = &o;
	for (int i = 0; i < 3; i++)
		po->in.v[i] = (i + 1) * 10;
	o.tag = 6;
	total = o.in.v[0] + o.in.v[1] + o.in.v[2] + po->tag;
	second = po->in.v[1];
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
