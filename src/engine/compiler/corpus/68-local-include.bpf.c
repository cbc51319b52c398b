// #include "local.h" relative to the source file
// expect: r = 42
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "corpus-helper.h"
__u64 r;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	r = HELPER_ANSWER(6, 7);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
