// __sync_lock_test_and_set exchanges and returns the old value
// expect: first = 0
// expect: second = 1
// expect: flag = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 flag;
__u32 first, second;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	first = __sync_lock_test_and_set(&flag, 1);
	second = __sync_lock_test_and_set(&flag, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
