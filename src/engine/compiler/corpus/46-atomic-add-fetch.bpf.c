// __sync_add_and_fetch returns the new value
// expect: nv = 15
// expect: g = 15
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 g = 10;
__u64 nv;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	nv = __sync_add_and_fetch(&g, 5);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
