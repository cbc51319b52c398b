// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * two-fields: count packets and their bytes, so that anyone can compute the average packet
 * size. Each field is updated atomically, so neither total loses a count; but the two fields
 * do not move together: between one CPU's two adds, another CPU (or userspace) can read a
 * pair that never existed, and its average is wrong.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

/* The value already has a lock, and userspace reads it with BPF_F_LOCK... */
struct stats {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} stats SEC(".maps");

/* Filled by the userspace reader when it stops: its lookups and the torn pairs among them. */
struct tally {
	__u64 reads;
	__u64 torn;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tally);
} reader SEC(".maps");

/* Pairs this program read whose average was not the packet length. */
__u64 torn = 0;

SEC("tc")
int track_sizes(struct __sk_buff *ctx)
{
	__u64 len = ctx->len;
	__u64 packets, bytes;
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&stats, &key);

	if (!s)
		return TC_ACT_OK;

	/* ...but this program never takes the lock: two atomics are two separate steps. */
	__sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, len);
	packets = s->packets;
	bytes = s->bytes;

	/* Every packet has the same length, so the average bytes / packets must be len. */
	if (bytes != packets * len)
		__sync_fetch_and_add(&torn, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
