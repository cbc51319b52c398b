// pre/post increment and decrement values
// expect: a = 5
// expect: b = 7
// expect: c = 7
// expect: d = 5
// expect: i = 5
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int start = 5;
int a, b, c, d, i;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	int k = start;
	a = k++;
	b = ++k;
	c = k--;
	d = --k;
	i = k;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
