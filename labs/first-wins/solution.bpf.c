// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * first-wins: in each round of ROUND_EVENTS events, exactly one event may win (say, the
 * one that gets to log a first-seen alert). Rounds are cut by a shared sequence number,
 * so the first events of a round arrive on several CPUs at nearly the same moment.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

#define ROUND_EVENTS 8
#define ROUNDS 16384

struct round_state {
	__u32 claimed; /* the one-shot flag: 0 until someone wins */
	__u32 winners; /* how many events believed they won (must end at 1) */
};

__u64 next_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ROUNDS);
	__type(key, __u32);
	__type(value, struct round_state);
} rounds SEC(".maps");

SEC("tc")
int claim_round(struct __sk_buff *ctx)
{
	__u64 seq = __sync_fetch_and_add(&next_seq, 1);
	__u32 idx = seq / ROUND_EVENTS;
	struct round_state *r = bpf_map_lookup_elem(&rounds, &idx);
	if (!r)
		return TC_ACT_OK;

	/* Exchange: store 1 and get the old flag back in one step. Only one caller sees 0. */
	if (__sync_lock_test_and_set(&r->claimed, 1) == 0)
		__sync_fetch_and_add(&r->winners, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
