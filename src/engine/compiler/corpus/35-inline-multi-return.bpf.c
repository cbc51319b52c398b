// an inline function with several return statements
// expect: lo = 0
// expect: hi = 10
// expect: mid = 5
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int a = -5, b = 50, c = 5;
int lo, hi, mid;

static __always_inline int clamp(int v, int low, int high)
{
	if (v < low)
		return low;
	if (v > high)
		return high;
	return v;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	lo = clamp(a, 0, 10);
	hi = clamp(b, 0, 10);
	mid = clamp(c, 0, 10);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
