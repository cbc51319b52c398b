// 16-bit atomics do not compile
// expect-error: Unsupported atomic operations, please use 32/64 bit version
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u16 c;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__sync_fetch_and_or(&c, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
