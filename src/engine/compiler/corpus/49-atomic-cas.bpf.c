// compare-and-swap: the old value always, success iff it equals the expected
// expect: ok_ret = 5
// expect: fail_ret = 9
// expect: g = 9
// expect: b_ok = 1
// expect: b_fail = 0
// expect: h = 11
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 g = 5, h = 10;
__u64 ok_ret, fail_ret, b_ok, b_fail;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	ok_ret = __sync_val_compare_and_swap(&g, 5, 9);
	fail_ret = __sync_val_compare_and_swap(&g, 5, 1);
	b_ok = __sync_bool_compare_and_swap(&h, 10, 11);
	b_fail = __sync_bool_compare_and_swap(&h, 10, 12);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
