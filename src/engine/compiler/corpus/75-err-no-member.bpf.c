// accessing a member a struct does not have
// expect-error: no member named 'b' in 'struct s'
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct s { int a; };
int r;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct s v = {};
	r = v.b;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
