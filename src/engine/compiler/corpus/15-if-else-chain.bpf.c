// if/else if/else classification
// expect: neg = 1
// expect: small = 1
// expect: large = 1
// expect: zero = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int vals[4] = {-5, 3, 1000, 0};
int neg, small, large, zero;

static __always_inline int classify(int v)
{
	if (v < 0)
		return 0;
	else if (v == 0)
		return 3;
	else if (v < 100)
		return 1;
	else
		return 2;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	neg = classify(vals[0]) == 0;
	small = classify(vals[1]) == 1;
	large = classify(vals[2]) == 2;
	zero = classify(vals[3]) == 3;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
