// break and continue inside a loop
// expect: sum = 44
// expect: last = 15
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 sum, last;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 s = 0, i;
	for (i = 0; i < 100; i++) {
		if (i % 2 == 0)
			continue;
		if (i >= 15)
			break;
		if (i % 5 == 0)
			continue;
		s += i;
	}
	sum = s;
	last = i;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
