// enum constants, explicit values, and switch on an enum
// expect: c = 7
// expect: score = 20
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

enum color { RED, GREEN = 5, BLUE, CYAN = BLUE + 1 };
enum color favourite = GREEN;
int c, score;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	c = CYAN;
	switch (favourite) {
	case RED:
		score = 10;
		break;
	case GREEN:
		score = 20;
		break;
	default:
		score = 30;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
