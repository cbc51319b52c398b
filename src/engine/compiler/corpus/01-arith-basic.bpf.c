// u64 add/sub/mul/div/mod on runtime values
// expect: sum = 10
// expect: diff = 4
// expect: prod = 21
// expect: quo = 2
// expect: rem = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 a = 7, b = 3;
__u64 sum, diff, prod, quo, rem;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	sum = a + b;
	diff = a - b;
	prod = a * b;
	quo = a / b;
	rem = a % b;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
