// nested loops with an inner break
// expect: count = 15
// expect: pairs = 10
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 count, pairs;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 c = 0, p = 0;
	for (int i = 0; i < 5; i++) {
		for (int j = 0; j < 5; j++) {
			if (j > i)
				break;
			c++;
			if (j < i)
				p++;
		}
	}
	count = c;
	pairs = p;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
