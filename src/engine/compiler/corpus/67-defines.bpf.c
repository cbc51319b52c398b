// object- and function-like macros, #if/#ifdef, stringify and paste
// expect: area = 12
// expect: chosen = 2
// expect: strlen_m = 5
// expect: pasted = 9
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define W 3
#define H (W + 1)
#define AREA(w, h) ((w) * (h))
#define STR(x) #x
#define CAT(a, b) a##b
#ifdef W
#if W > 2 && defined(H)
#define CHOICE 2
#elif W > 1
#define CHOICE 1
#else
#define CHOICE 0
#endif
#endif
#ifndef CHOICE
#error no choice
#endif
__u64 area, chosen, strlen_m, pasted;
__u64 value9 = 9;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	area = AREA(W, H);
	chosen = CHOICE;
	strlen_m = sizeof(STR(hello)) - 1;
	pasted = CAT(value, 9);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
