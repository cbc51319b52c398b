// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * copy-update, fixed: build the new value on the stack and hand it to bpf_map_update_elem.
 * On a HASH map the update links in a new element with the whole value and unlinks the old
 * one; a reader that already looked up the old element keeps reading the old value, so it
 * sees the old pair or the new pair, never a mix. Two CPUs that copy the same old value can
 * still both write old + 1: copy-and-update keeps the invariant, not every increment.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

/* The invariant: b == 2 * a, always. */
struct pair {
	__u64 a;
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct pair);
} pairs SEC(".maps");

/* Filled by the userspace reader when it stops: its lookups and the mixed pairs among them. */
struct tally {
	__u64 reads;
	__u64 mixed;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tally);
} reader SEC(".maps");

/* Reads in this program that found b != 2 * a. */
__u64 mixed = 0;

SEC("tc")
int bump_pair(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct pair *p = bpf_map_lookup_elem(&pairs, &key);
	struct pair next;

	if (!p) { /* first event: create the pair */
		next.a = 1;
		next.b = 2;
		bpf_map_update_elem(&pairs, &key, &next, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	next.a = p->a;
	next.b = p->b;
	if (next.b != 2 * next.a)
		__sync_fetch_and_add(&mixed, 1);

	next.a += 1;
	next.b = 2 * next.a;
	bpf_map_update_elem(&pairs, &key, &next, BPF_ANY); /* the whole value at once */
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
