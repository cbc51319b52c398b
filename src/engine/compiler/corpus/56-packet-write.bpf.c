// XDP: write packet bytes, read them back
// expect: b = 171
// expect: w = 3405691582
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 b, w;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u8 *p = (__u8 *)(long)ctx->data;
	if ((void *)(p + 8) > (void *)(long)ctx->data_end)
		return XDP_DROP;
	p[0] = 0xab;
	*(__u32 *)(p + 4) = 0xcafebabe;
	b = p[0];
	w = *(__u32 *)(p + 4);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
