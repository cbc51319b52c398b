// XDP: a check against a too-short packet takes the drop path
// expect: short_pkt = 1
// expect: ok = 0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 short_pkt, ok;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	if (data + 100 > data_end) {
		short_pkt = 1;
		return XDP_PASS;
	}
	ok = 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
