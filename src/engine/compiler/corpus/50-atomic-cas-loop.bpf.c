// a bounded CAS loop keeps a maximum
// expect: maxv = 42
// expect: tries = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 maxv = 17;
__u64 candidate = 42;
__u64 tries;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 c = candidate;
	for (int i = 0; i < 8; i++) {
		__u64 cur = maxv;
		if (c <= cur)
			break;
		tries++;
		if (__sync_val_compare_and_swap(&maxv, cur, c) == cur)
			break;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
