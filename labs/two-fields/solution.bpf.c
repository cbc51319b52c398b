// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * two-fields, fixed: packets and bytes change together under the value's bpf_spin_lock, and
 * the program reads the pair under the same lock, so every reader sees a pair that some
 * moment really had. Userspace reads with BPF_F_LOCK, which takes this same lock.
 *
 * Spin locks are for XDP, TC, cgroup skb, tp_btf/fentry and LSM programs; a kprobe,
 * tracepoint, perf_event or raw_tp program cannot use them (the verifier refuses it).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

/* One lock per value, at the top level of the struct; it guards the fields after it. */
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

	/* No helper calls and no return between lock and unlock: the verifier checks both. */
	bpf_spin_lock(&s->lock);
	s->packets += 1;
	s->bytes += len;
	packets = s->packets;
	bytes = s->bytes;
	bpf_spin_unlock(&s->lock);

	/* Every packet has the same length, so the average bytes / packets must be len. */
	if (bytes != packets * len)
		__sync_fetch_and_add(&torn, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
