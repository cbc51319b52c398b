// usual arithmetic conversions in comparisons
// expect: int_lt_uint = 0
// expect: long_lt_uint = 1
// expect: u64_gt_neg = 0
// expect: char_cmp = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

int m1 = -1;
unsigned int one = 1;
long lm1 = -1;
__u64 big = 1;
signed char c = -3;
int int_lt_uint, long_lt_uint, u64_gt_neg, char_cmp;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	int_lt_uint = m1 < one;
	long_lt_uint = lm1 < one;
	u64_gt_neg = big > m1;
	char_cmp = c < 0;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
