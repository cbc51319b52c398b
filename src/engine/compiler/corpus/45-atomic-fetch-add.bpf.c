// __sync_fetch_and_add returns the old value
// expect: old = 10
// expect: g = 15
// expect: unused = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 g = 10;
__u64 old, unused;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	old = __sync_fetch_and_add(&g, 5);
	__sync_fetch_and_add(&unused, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
