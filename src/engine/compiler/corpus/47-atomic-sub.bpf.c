// fetch_and_sub (old) and sub_and_fetch (new): negate + fetch_add
// expect: old = 100
// expect: nv = 90
// expect: g = 90
// expect: plain = -3
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__s64 g = 100;
__s64 old, nv, plain;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	old = __sync_fetch_and_sub(&g, 7);
	nv = __sync_sub_and_fetch(&g, 3);
	__sync_fetch_and_sub(&plain, 3);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
