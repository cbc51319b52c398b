// do/while runs the body before testing
// expect: x = 1024
// expect: k = 10
// expect: once = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 init = 1;
__u64 x, k, once;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 v = init, n = 0;
	do {
		v *= 2;
		n++;
	} while (v < 1000 && n < 64);
	x = v;
	k = n;
	n = 0;
	do {
		n++;
	} while (0);
	once = n;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
