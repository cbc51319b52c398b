// logical vs arithmetic shifts, variable shift counts
// expect: lsr = 134217728
// expect: asr = -4
// expect: big = 1099511627776
// expect: shl = -32
// expect: lsr64 = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 x = 0x80000000;
int s = -16;
__u32 n = 40;
__u64 top = 0x8000000000000000ULL;
__u32 sixty3 = 63;
__u32 lsr;
int asr, shl;
__u64 big, lsr64;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	lsr = x >> 4;
	asr = s >> 2;
	big = 1ULL << n;
	shl = s << 1;
	lsr64 = top >> sixty3;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
