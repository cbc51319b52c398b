// pointer to a local, writes through it, pointer arithmetic
// expect: r = 12
// expect: via = 10
// expect: deref2 = 4
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int r, via, deref2;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	int arr[4] = {1, 2, 3, 4};
	int *p = arr;
	p += 2;
	*p = 10;
	r = arr[2] + *(p - 1);
	int x = 0;
	int *px = &x;
	*px = 10;
	via = x;
	int *end = &arr[3];
	deref2 = *end;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
