// every compound assignment operator
// expect: x = 23
// expect: y = -3
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 in = 5;
int yin = -12;
__u64 x;
int y;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 v = in;
	v += 3;
	v *= 4;
	v -= 2;
	v /= 3;
	v %= 7;
	v <<= 2;
	v >>= 1;
	v |= 1;
	v &= 0xff;
	v ^= 0x10;
	x = v;
	int w = yin;
	w >>= 2;
	y = w;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
