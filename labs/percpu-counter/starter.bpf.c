// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * percpu-counter: count packets in one map slot that every CPU shares.
 * Every CPU that receives a packet runs this program, at the same time as the others, and
 * `*count += 1` is a load, an add and a store: two CPUs can both load 41 and both store 42.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

/* One slot, one value, shared by every CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} packets SEC(".maps");

SEC("tc")
int count_packets(struct __sk_buff *ctx)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&packets, &key);

	if (!count)
		return TC_ACT_OK;
	*count += 1; /* racy: the other CPUs update the same value */
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
