// a union shows the little-endian bytes of a word
// expect: b0 = 68
// expect: b3 = 17
// expect: w = 287454020
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

union wb { __u32 w; __u8 b[4]; };
__u32 in = 0x11223344;
__u32 b0, b3, w;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	union wb u;
	u.w = in;
	b0 = u.b[0];
	b3 = u.b[3];
	u.b[0] = 0x44;
	w = u.w;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
