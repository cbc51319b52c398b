// chains of casts truncate and extend step by step
// expect: a = 255
// expect: b = -1
// expect: c = 65535
// expect: d = 4294967295
// expect: e = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 big = 0x1234567890abcdffULL;
__u64 a;
int b;
__u64 c, d, e;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	a = (__u8)big;
	b = (signed char)big;
	c = (__u16)(short)(signed char)big;
	d = (__u32)(int)(signed char)big;
	e = (__u64)(_Bool)big;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
