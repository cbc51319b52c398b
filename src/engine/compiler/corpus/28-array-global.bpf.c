// global array written and read in a loop
// expect: r = 58
// expect: first = 0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 arr[8];
__u32 r, first;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	for (__u32 i = 0; i < 8; i++)
		arr[i] = i * i;
	r = arr[3] + arr[7];
	first = arr[0];
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
