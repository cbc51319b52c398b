// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * snapshot-swap: per-key packet counters that userspace harvests while packets keep coming.
 * Here userspace walks the live map, reading each counter and then setting it back to zero:
 * a packet that lands between that read and that reset is counted by nobody, and the
 * "snapshot" mixes counters read at different instants.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */
#define NKEYS 16

/* Numbers the packets; packet s counts under key s % NKEYS. */
__u64 next_seq = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NKEYS);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

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
	__u64 *c = bpf_map_lookup_elem(&counts, &key);

	if (c)
		__sync_fetch_and_add(c, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
