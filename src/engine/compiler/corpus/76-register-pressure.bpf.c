// deep expressions that need more than six temporaries (spills)
// expect: r = 1469
// expect: r2 = 40
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
__u64 r, r2;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r = a * (b + (c * (d + (e * (f + (g * (h + a * (b + c))))))));
	r2 = (a + b) * (c + d) - (e + f) * (g - h) + (a ^ b ^ c ^ d ^ e ^ f ^ g ^ h);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
