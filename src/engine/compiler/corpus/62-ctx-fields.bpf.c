// XDP context: data, data_end and ingress fields
// expect: plen = 64
// expect: meta_ok = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 plen, meta_ok;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	plen = ctx->data_end - ctx->data;
	meta_ok = ctx->data_meta <= ctx->data;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
