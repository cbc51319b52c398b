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

	/* Each of these is a load, an operation and a store: make them atomic. */
	cpus_seen |= bit;
	parity ^= bit;

	if (credits-- > 0)
		granted++;
	else
		refused++;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
