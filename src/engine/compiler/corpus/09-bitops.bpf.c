// and/or/xor/not
// expect: band = 240
// expect: bor = 65520
// expect: bxor = 65280
// expect: bnot = 4294905615
// expect: bnot64 = 18446744073709489935
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 a = 0xf0f0, b = 0x0ff0;
__u64 a64 = 0xf0f0;
__u32 band, bor, bxor, bnot;
__u64 bnot64;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	band = a & b;
	bor = a | b;
	bxor = a ^ b;
	bnot = ~a;
	bnot64 = ~a64;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
