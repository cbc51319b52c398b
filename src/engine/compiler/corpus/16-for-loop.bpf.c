// bounded for loop with a counter
// expect: sum = 45
// expect: squares = 285
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 sum, squares;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 s = 0, q = 0;
	for (int i = 0; i < 10; i++) {
		s += i;
		q += i * i;
	}
	sum = s;
	squares = q;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
