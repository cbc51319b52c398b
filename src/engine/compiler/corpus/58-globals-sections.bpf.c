// globals in .data, .bss and const volatile .rodata
// expect: cfg = 7
// expect: data_v = 4
// expect: bss_v = 21
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u32 cfg = 7;
__u32 data_v = 3;
__u32 bss_v;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	bss_v = cfg * data_v;
	data_v++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
