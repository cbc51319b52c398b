// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cas-max: keep the maximum sample of each round, with many CPUs reporting at once.
 * Events are grouped in rounds of ROUND_EVENTS by a shared sequence number. Within a round
 * the samples arrive largest first (an event's sample is its sequence number with the low
 * bits flipped), so the round's maximum lands first and the smaller samples that follow,
 * on other CPUs, race against it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

#define ROUND_EVENTS 8
#define ROUNDS 16384

__u64 next_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ROUNDS);
	__type(key, __u32);
	__type(value, __u64);
} round_max SEC(".maps");

SEC("tc")
int track_max(struct __sk_buff *ctx)
{
	__u64 seq = __sync_fetch_and_add(&next_seq, 1);
	__u32 round = seq / ROUND_EVENTS;
	__u64 sample = seq ^ (ROUND_EVENTS - 1);
	__u64 *max = bpf_map_lookup_elem(&round_max, &round);
	if (!max)
		return TC_ACT_OK;

	/*
	 * Compare-and-swap loop: install our sample only if the maximum is still the value we
	 * compared against. A failed CAS means another event of this round raised the maximum,
	 * which can happen at most ROUND_EVENTS - 1 times, so ROUND_EVENTS tries always suffice.
	 */
	__u64 cur = *max;
	for (int i = 0; i < ROUND_EVENTS && sample > cur; i++) {
		__u64 old = __sync_val_compare_and_swap(max, cur, sample);
		if (old == cur)
			break;
		cur = old; /* lost the race: re-compare against the newer maximum */
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
