// calls inside expressions keep the live values around them
// expect: r = 200
// expect: t = 25
// expect: z = 3
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 x = 10, y = 20;
__u64 r, t, z;

static __noinline __u64 twice(__u64 v)
{
	return v * 2;
}

static __always_inline __u64 plus(__u64 a, __u64 b)
{
	return a + b;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r = x + twice(y) * 2 + twice(x) + twice(twice(y)) - x * 3 + plus(twice(5), x) + 20;
	t = y > x ? twice(x) + 5 : twice(y);
	z = plus(1, plus(1, plus(1, 0)));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
