// XDP: byte loop over the packet with a check per access
// packet: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
// expect: sum = 1770
// expect: count = 60
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 sum, count;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u8 *p = (__u8 *)(long)ctx->data;
	__u8 *end = (__u8 *)(long)ctx->data_end;
	__u64 s = 0, n = 0;
	for (int i = 0; i < 60; i++) {
		if (p + i + 1 > end)
			break;
		s += p[i];
		n++;
	}
	sum = s;
	count = n;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
