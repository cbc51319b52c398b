// a loop indexing a stack array with a bounded variable index
// expect: picked = 30
// expect: sum = 60
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 idx = 2;
__u64 picked, sum;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 a[4] = {0, 10, 20, 30};
	__u32 i = idx + 1;
	if (i < 4)
		picked = a[i];
	for (__u32 j = 0; j < 4; j++)
		sum += a[j];
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
