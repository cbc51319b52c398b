// sizeof of types, expressions and arrays
// expect: si = 4
// expect: sl = 8
// expect: n = 6
// expect: sp = 8
// expect: sc = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 si, sl, n, sp, sc;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u16 arr[6];
	arr[0] = 1;
	si = sizeof(int);
	sl = sizeof(long);
	n = sizeof(arr) / sizeof(arr[0]);
	sp = sizeof(&arr[0]);
	sc = sizeof(char);
	return arr[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
