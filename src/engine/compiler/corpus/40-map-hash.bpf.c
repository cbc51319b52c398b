// hash map: insert, duplicate insert, lookup, delete
// expect: rc1 = 0
// expect: rc2 = -17
// expect: found = 77
// expect: del1 = 0
// expect: del2 = -2
// expect: gone = 1
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");
long rc1, rc2, del1, del2;
__u64 found, gone;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 k = 1234;
	__u64 v = 77;
	rc1 = bpf_map_update_elem(&h, &k, &v, BPF_NOEXIST);
	rc2 = bpf_map_update_elem(&h, &k, &v, BPF_NOEXIST);
	__u64 *p = bpf_map_lookup_elem(&h, &k);
	if (p)
		found = *p;
	del1 = bpf_map_delete_elem(&h, &k);
	del2 = bpf_map_delete_elem(&h, &k);
	gone = bpf_map_lookup_elem(&h, &k) == NULL;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
