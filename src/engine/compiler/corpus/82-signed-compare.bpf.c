// signed and unsigned comparisons of narrow and wide values
// expect: c1 = 1
// expect: c2 = 0
// expect: c3 = 1
// expect: c4 = 1
// expect: c5 = 0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

signed char sc = -1;
unsigned char uc = 255;
int si = -5;
__u32 ui = 5;
__s64 sl = -1;
int c1, c2, c3, c4, c5;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	c1 = sc < uc;
	c2 = si > (int)ui;
	c3 = sl < 0;
	c4 = (__u32)si > ui;
	c5 = sc == uc;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
