// char and short arithmetic wraps on assignment
// expect: uc = 44
// expect: sc = -56
// expect: sh = -32768
// expect: promoted = 300
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

unsigned char u8in = 200;
signed char s8in = 100;
short s16in = 32767;
unsigned char uc;
signed char sc;
short sh;
int promoted;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char c = u8in;
	c += 100;
	uc = c;
	signed char s = s8in;
	s += 100;
	sc = s;
	short h = s16in;
	h++;
	sh = h;
	promoted = u8in + 100;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
