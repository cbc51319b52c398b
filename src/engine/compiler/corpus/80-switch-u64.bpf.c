// switch on a 64-bit value with large case labels
// expect: a = 1
// expect: b = 2
// expect: c = 3
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 v1 = 0x100000000ULL, v2 = 0xffffffffffffffffULL, v3 = 5;
__u64 a, b, c;

static __always_inline __u64 classify(__u64 v)
{
	switch (v) {
	case 0x100000000ULL:
		return 1;
	case 0xffffffffffffffffULL:
		return 2;
	default:
		return 3;
	}
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	a = classify(v1);
	b = classify(v2);
	c = classify(v3);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
