// 64-bit constants need lddw
// expect: r = 1311768467463790320
// expect: hi = 305419896
// expect: neg = -81985529216486896
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 zero = 0;
__u64 r, hi;
__s64 neg;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r = 0x123456789abcdef0ULL ^ zero;
	hi = r >> 32;
	neg = -0x123456789abcdf0LL + zero;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
