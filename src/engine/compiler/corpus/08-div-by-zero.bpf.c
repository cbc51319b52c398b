// BPF division by zero yields 0, remainder yields the dividend
// expect: q = 0
// expect: r = 7
// expect: q64 = 0
// expect: r64 = 9
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 n = 7, z = 0;
__u64 n64 = 9, z64 = 0;
__u32 q, r;
__u64 q64, r64;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	q = n / z;
	r = n % z;
	q64 = n64 / z64;
	r64 = n64 % z64;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
