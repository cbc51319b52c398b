// conditional operator, nested and with side effects
// expect: r1 = 10
// expect: r2 = 20
// expect: r3 = 3
// expect: count = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 x = 5;
__u32 r1, r2, r3, count;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r1 = x > 3 ? 10 : 20;
	r2 = x < 3 ? 10 : 20;
	r3 = x < 3 ? 1 : x < 5 ? 2 : x < 9 ? 3 : 4;
	x > 4 ? count++ : count--;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
