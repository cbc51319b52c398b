// an inline function with a loop, called from inside a loop
// expect: total = 130
// expect: maxv = 20
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 total, maxv;

static __always_inline __u64 sum_to(__u32 n)
{
	__u64 s = 0;
	for (__u32 i = 1; i <= n && i < 16; i++)
		s += i;
	return s;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 t = 0, m = 0;
	for (__u32 k = 1; k <= 5; k++) {
		__u64 s = sum_to(k);
		t += s * 2;
		if (s > m)
			m = s;
	}
	total = t + 60;
	maxv = m + 5;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
