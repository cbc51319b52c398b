// C struct layout: padding, alignment, sizeof, offsetof
// expect: size_s = 24
// expect: off_b = 8
// expect: off_c = 16
// expect: size_t2 = 8
// expect: size_u = 8
// expect: off_nested = 8
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct sa { char a; __u64 b; short c; };
struct t2 { char a; char b; int c; };
union u { __u32 w; __u64 d; char c[5]; };
struct outer { int x; struct t2 in; };
__u64 size_s, off_b, off_c, size_t2, size_u, off_nested;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	size_s = sizeof(struct sa);
	off_b = __builtin_offsetof(struct sa, b);
	off_c = __builtin_offsetof(struct sa, c);
	size_t2 = sizeof(struct t2);
	size_u = sizeof(union u);
	off_nested = __builtin_offsetof(struct outer, in.c);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
