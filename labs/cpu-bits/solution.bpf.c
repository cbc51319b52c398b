// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cpu-bits: three shared words that every CPU updates on every event —
 *   cpus_seen  one bit per CPU that ran the program        (fetch_and_or)
 *   parity     one bit per CPU, flipped on each of its events (fetch_and_xor)
 *   credits    a pool of CREDITS tokens, one taken per event while any are left (fetch_and_sub)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

#define CREDITS 10000

__u64 cpus_seen = 0;
__u64 parity = 0;
__s64 credits = CREDITS; /* .data: starts full */
__u64 granted = 0;       /* events that got a credit */
__u64 refused = 0;       /* events that found the pool empty */

SEC("tc")
int cpu_bits(struct __sk_buff *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 bit = 1ULL << (cpu & 63);

	__sync_fetch_and_or(&cpus_seen, bit);
	__sync_fetch_and_xor(&parity, bit);

	/* fetch_and_sub returns the pool *before* our take: more than 0 means a token was ours. */
	if (__sync_fetch_and_sub(&credits, 1) > 0)
		__sync_fetch_and_add(&granted, 1);
	else
		__sync_fetch_and_add(&refused, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
