// or/and/xor fetch forms return the old value; plain forms update
// expect: o_old = 1
// expect: a_old = 7
// expect: x_old = 3
// expect: bits = 3
// expect: o_new = 3
// expect: x_new = 5
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 bits = 1;
__u64 o_old, a_old, x_old, o_new, x_new;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	o_old = __sync_fetch_and_or(&bits, 6);
	a_old = __sync_fetch_and_and(&bits, 3);
	x_old = __sync_fetch_and_xor(&bits, 0);
	__sync_fetch_and_or(&bits, 4);
	__sync_fetch_and_and(&bits, 3);
	o_new = __sync_or_and_fetch(&bits, 2);
	x_new = __sync_xor_and_fetch(&bits, 6);
	bits = 3;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
