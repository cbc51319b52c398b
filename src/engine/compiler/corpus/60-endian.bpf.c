// byte swaps through bpf_endian.h style macros
// expect: v16 = 13330
// expect: v32 = 2018915346
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include <bpf/bpf_endian.h>
__u16 in16 = 0x1234;
__u32 in32 = 0x12345678;
__u64 v16, v32;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	v16 = bpf_htons(in16);
	v32 = bpf_htonl(in32);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
