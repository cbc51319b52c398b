// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cas-max: keep the maximum sample of each round, with many CPUs reporting at once.
 * Events are grouped in rounds of ROUND_EVENTS by a shared sequence number; an event's
 * sample is its sequence number, so the largest sample of a round arrives last, right
 * behind another CPU's — exactly when a read-compare-write can lose it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define ROUND_EVENTS 8
#define ROUNDS 16384

__u64 next_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ROUNDS);
	__type(key, __u32);
	__type(value, __u64);
} round_max SEC(".maps");

SEC("xdp")
int track_max(struct xdp_md *ctx)
{
	__u64 seq = __sync_fetch_and_add(&next_seq, 1);
	__u32 round = seq / ROUND_EVENTS;
	__u64 sample = seq;
	__u64 *max = bpf_map_lookup_elem(&round_max, &round);
	if (!max)
		return XDP_PASS;

	/* Read, compare, write: another CPU can store a larger maximum in between. */
	if (sample > *max)
		*max = sample;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
