// a called function updates globals and returns a value
// expect: calls = 3
// expect: total = 6
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 calls, total;

static __noinline __u64 bump(__u64 by)
{
	calls++;
	total += by;
	return total;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	bump(1);
	bump(2);
	if (bump(3) != 6)
		total = 999;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
