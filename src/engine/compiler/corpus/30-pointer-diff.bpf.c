// pointer subtraction counts elements
// expect: d = 4
// expect: bytes = 16
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

long d, bytes;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 arr[8] = {};
	__u32 *a = &arr[1], *b = &arr[5];
	d = b - a;
	bytes = (char *)b - (char *)a;
	arr[0] = 1;
	return arr[0] == 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
