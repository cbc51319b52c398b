// 32-bit atomics: fetch results are zero-extended
// expect: old = 4294967295
// expect: g32 = 0
// expect: s32old = -1
// expect: sx = 0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 g32 = 0xffffffff;
int sx = -1;
__u64 old;
long s32old;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	old = __sync_fetch_and_add(&g32, 1);
	s32old = __sync_fetch_and_add(&sx, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
