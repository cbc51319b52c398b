// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * snapshot-swap, fixed: double buffering with a map of maps. The program finds the current
 * counters through slot 0 of the ARRAY_OF_MAPS `buffers`. Userspace makes a fresh inner map,
 * swaps it into slot 0 (one atomic pointer store), waits until every program invocation that
 * started before the swap has returned (the kernel does this for it: an update of an outer
 * map returns only after a grace period), and then reads the old inner map at leisure: no
 * packet writes to it any more, so its counters are one clean snapshot and nothing is lost.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */
#define NKEYS 16

/* Numbers the packets; packet s counts under key s % NKEYS. */
__u64 next_seq = 0;

/* The inner map's shape; also the first buffer. Every swapped-in map must match it. */
struct counts_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NKEYS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct counts_map);
} buffers SEC(".maps") = {
	.values = { [0] = &counts },
};

/* Filled by userspace when it stops: how many harvests it made and what they added up to. */
struct tally {
	__u64 snapshots;
	__u64 total;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tally);
} harvest SEC(".maps");

SEC("tc")
int count_keys(struct __sk_buff *ctx)
{
	__u32 key = __sync_fetch_and_add(&next_seq, 1) % NKEYS;
	__u32 slot = 0;
	void *current = bpf_map_lookup_elem(&buffers, &slot);
	__u64 *c;

	if (!current)
		return TC_ACT_OK;
	c = bpf_map_lookup_elem(current, &key);
	if (c)
		__sync_fetch_and_add(c, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
