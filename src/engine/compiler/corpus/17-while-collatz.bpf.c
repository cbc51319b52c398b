// while loop with a data-dependent exit and a bound (start in .rodata: the verifier knows it)
// expect: steps = 111
// expect: peak = 9232
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile __u64 start = 27;
__u64 steps, peak;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u64 n = start, max = n;
	__u32 k = 0;
	while (n != 1 && k < 200) {
		if (n % 2)
			n = 3 * n + 1;
		else
			n = n / 2;
		if (n > max)
			max = n;
		k++;
	}
	steps = k;
	peak = max;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
