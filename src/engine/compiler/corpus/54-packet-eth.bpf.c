// XDP: bounds-checked read of the Ethernet header
// packet: ffffffffffff02000000000108004500001c0000000040110000c0a80001c0a80002000000000000000000000000000000000000000000000000000000000000
// expect: proto = 2048
// expect: len = 64
// expect: dst0 = 255
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 proto, len, dst0;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	len = data_end - data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	proto = bpf_ntohs(eth->h_proto);
	dst0 = eth->h_dest[0];
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
