// && and || evaluate the right side only when needed
// expect: calls = 2
// expect: both = 1
// expect: either = 1
// expect: neither = 0
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int zero = 0, one = 1;
int calls;
int both, either, neither;

static __always_inline int touch(int v)
{
	calls++;
	return v;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	if (zero && touch(1))
		neither = 5;
	if (one || touch(1))
		either = 1;
	both = one && touch(1);
	neither = zero || touch(0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
