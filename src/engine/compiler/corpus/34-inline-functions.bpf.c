// static inline functions with parameters are expanded
// expect: sq = 49
// expect: cube = 343
// expect: nested = 98
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int seven = 7;
int sq, cube, nested;

static __always_inline int square(int x)
{
	return x * x;
}

static inline int twice(int x)
{
	return x + x;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	sq = square(seven);
	cube = square(seven) * seven;
	nested = twice(square(seven));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
