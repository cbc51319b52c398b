// local array: initializer, indexing in a loop
// expect: sum = 100
// expect: maxv = 40
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 sum, maxv;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 a[4] = {10, 20, 30, 40};
	__u32 s = 0, m = 0;
	for (int i = 0; i < 4; i++) {
		s += a[i];
		if (a[i] > m)
			m = a[i];
	}
	sum = s;
	maxv = m;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
