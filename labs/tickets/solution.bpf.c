// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tickets: every event takes a ticket number, and no two events may get the same one.
 * The tickets handed out must be exactly 0, 1, ..., N-1. Each ticket is marked in the
 * `seen` bitmap so the checks can see every ticket that was issued, and how often.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

#define SEEN_WORDS 4096
#define MAX_TICKETS (SEEN_WORDS * 64)

__u64 next_ticket = 0;  /* the next number to hand out */
__u64 duplicates = 0;   /* tickets marked twice */
__u64 out_of_range = 0; /* tickets that do not fit the bitmap */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SEEN_WORDS);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

static __always_inline void mark(__u64 ticket)
{
	if (ticket >= MAX_TICKETS) {
		__sync_fetch_and_add(&out_of_range, 1);
		return;
	}
	__u32 word = ticket / 64;
	__u64 bit = 1ULL << (ticket % 64);
	__u64 *bits = bpf_map_lookup_elem(&seen, &word);
	if (!bits)
		return;
	/* fetch_or returns the bits as they were: if ours was already set, the ticket was not unique. */
	if (__sync_fetch_and_or(bits, bit) & bit)
		__sync_fetch_and_add(&duplicates, 1);
}

SEC("tc")
int take_ticket(struct __sk_buff *ctx)
{
	/* __sync_fetch_and_add returns the value *before* the add: 0 for the first caller. */
	__u64 ticket = __sync_fetch_and_add(&next_ticket, 1);

	mark(ticket);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
