// unsigned wraparound at 8, 16, 32 and 64 bits
// expect: r32 = 4294967295
// expect: r8 = 4
// expect: r16 = 0
// expect: r64 = 18446744073709551615
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 zero32 = 0;
__u8 c = 250;
__u16 h = 65535;
__u64 zero64 = 0;
__u32 r32;
__u8 r8;
__u16 r16;
__u64 r64;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u16 t = h;
	r32 = zero32 - 1;
	r8 = c + 10;
	t++;
	r16 = t;
	r64 = zero64 - 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
