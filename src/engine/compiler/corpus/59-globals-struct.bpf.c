// a global struct and global array of structs
// expect: hits = 2
// expect: sum = 33
// expect: last = 11
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct pair { __u32 a; __u64 b; };
struct pair one = { .a = 1, .b = 2 };
struct pair many[3];
__u64 hits, sum, last;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	one.a++;
	hits = one.a;
	for (int i = 0; i < 3; i++)
		many[i].b = 10 + i;
	many[2].a = 0;
	sum = many[0].b + many[1].b + many[2].b;
	last = many[1].b;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
