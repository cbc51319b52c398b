// local struct with an initializer and member access
// expect: dist2 = 25
// expect: sumxy = 7
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct point { int x, y; };
int dx = 3, dy = 4;
int dist2, sumxy;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct point p = { .x = dx, .y = dy };
	struct point q = p;
	dist2 = q.x * q.x + q.y * q.y;
	sumxy = p.x + p.y;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
