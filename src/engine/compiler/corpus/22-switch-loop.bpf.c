// switch inside a loop; break leaves the switch, continue the loop
// expect: acc = 123
// expect: visited = 8
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u32 acc, visited;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 a = 0, v = 0;
	for (__u32 i = 0; i < 8; i++) {
		v++;
		switch (i) {
		case 1:
			a += 100;
			break;
		case 3:
		case 5:
			a += 10;
			continue;
		case 7:
			a += 3;
			break;
		default:
			break;
		}
	}
	acc = a;
	visited = v;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
