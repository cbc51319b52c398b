// _Bool conversions: any nonzero value is 1
// expect: b = 1
// expect: twice = 2
// expect: z = 0
// expect: fromptr = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int five = 5, zero = 0;
int b, twice, z, fromptr;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	bool t = five;
	_Bool f = zero;
	b = t;
	twice = t + t;
	z = f;
	bool p = ctx;
	fromptr = p;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
