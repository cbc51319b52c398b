// typedef names for scalars, structs and pointers
// expect: r = 42
// expect: sz = 12
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

typedef __u32 counter_t;
typedef struct { counter_t hits; counter_t misses; __u32 pad; } stats_t;
typedef stats_t *stats_p;
__u32 r, sz;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	stats_t s = { .hits = 40, .misses = 2 };
	stats_p p = &s;
	r = p->hits + p->misses;
	sz = sizeof(stats_t);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
