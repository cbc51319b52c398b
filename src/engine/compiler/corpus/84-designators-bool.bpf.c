// nested designators in global and local initialisers; ++/-- on _Bool
// expect: ay = 7
// expect: arr2x = 9
// expect: n = 1
// expect: local_sum = 35
// expect: b_inc = 1
// expect: b_dec = 0
// expect: b_dec2 = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct in { __u8 x; __u16 y; };
struct out { __u32 n; struct in a; struct in arr[3]; };
struct out v = { .a.y = 7, .arr[2].x = 9, .n = 1 };
__u64 ay, arr2x, n, local_sum, b_inc, b_dec, b_dec2;
_Bool flag = 1;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	ay = v.a.y;
	arr2x = v.arr[2].x;
	n = v.n;
	struct out l = { .arr[1].y = 20, .a = { .x = 5 }, .arr[0] = { 3, 4 } };
	local_sum = l.arr[1].y + l.a.x + l.arr[0].x + l.arr[0].y + l.n + 3;
	_Bool b = flag;
	b++;
	b_inc = b;
	b--;
	b_dec = b;
	b--;
	b_dec2 = b;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
