// signed int arithmetic and widening to 64 bits
// expect: sum = -5
// expect: prod = -14
// expect: wide = -7
// expect: asu32 = 4294967289
// expect: negated = 7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int a = -7;
int b = 2;
int sum, prod, negated;
long wide;
__u64 asu32;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	sum = a + b;
	prod = a * b;
	wide = a;
	asu32 = (__u32)a;
	negated = -a;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
