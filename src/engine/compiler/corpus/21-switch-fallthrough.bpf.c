// switch with fallthrough and default
// expect: r0 = 11
// expect: r1 = 10
// expect: r2 = 100
// expect: r7 = 1000
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int in0 = 0, in1 = 1, in2 = 2, in7 = 7;
int r0, r1, r2, r7;

static __always_inline int pick(int v)
{
	int r = 0;
	switch (v) {
	case 0:
		r += 1;
		/* fall through */
	case 1:
		r += 10;
		break;
	case 2:
		r = 100;
		break;
	default:
		r = 1000;
	}
	return r;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r0 = pick(in0);
	r1 = pick(in1);
	r2 = pick(in2);
	r7 = pick(in7);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
