// &&, || and ! produce 0 or 1
// expect: a = 1
// expect: b = 0
// expect: c = 1
// expect: d = 0
// expect: e = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int x = 3, y = 0;
int a, b, c, d, e;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	a = x && 7;
	b = x && y;
	c = y || x;
	d = !x;
	e = !y;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
