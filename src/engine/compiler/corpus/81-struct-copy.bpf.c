// struct assignment copies every field; pointers to struct fields
// expect: sx = 3
// expect: sy = 4
// expect: moved = 7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct point2 { __u32 x; __u32 y; __u64 tag; };
struct point2 src = { 3, 4, 99 };
__u64 sx, sy, moved;

static __always_inline void shift(struct point2 *p, __u32 d)
{
	p->x += d;
	p->y += d;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct point2 a = src;
	struct point2 b;
	b = a;
	sx = b.x;
	sy = b.y;
	shift(&b, 2);
	__u32 *px = &b.x;
	moved = *px + b.y - 3 + 1 - 3 + 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
