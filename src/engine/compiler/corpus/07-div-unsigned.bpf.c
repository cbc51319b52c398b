// unsigned division and remainder by runtime divisors, 32 and 64 bit
// expect: q = 14
// expect: r = 2
// expect: q64 = 333333333333
// expect: r64 = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 n = 100, d = 7;
__u64 n64 = 1000000000000ULL, d64 = 3;
__u32 q, r;
__u64 q64, r64;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	q = n / d;
	r = n % d;
	q64 = n64 / d64;
	r64 = n64 % d64;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
