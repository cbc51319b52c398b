// noinline static functions become BPF-to-BPF calls
// expect: r = 60
// expect: r2 = 7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int x = 10, y = 20, z = 30;
int r, r2;

static __attribute__((noinline)) int add3(int a, int b, int c)
{
	return a + b + c;
}

static __noinline int pick(int a, int b)
{
	if (a > b)
		return a - b;
	return b - a;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r = add3(x, y, z);
	r2 = pick(x, 3);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
