// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * percpu-counter, fixed: the same counter in a BPF_MAP_TYPE_PERCPU_ARRAY. The lookup returns
 * this CPU's own copy of the value, so no other CPU ever touches it and a plain `+= 1` is
 * exact, with no atomic instruction and no shared cache line. Userspace reads one value per
 * possible CPU and adds them up.
 *
 * Per-CPU is safe from other CPUs only: a program nested on the same CPU (an NMI-context
 * program, or preemption under PREEMPT_RT) could still interleave with this one.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

/* One slot, one value per CPU (each rounded up to 8 bytes, for every possible CPU). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
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
	*count += 1; /* this CPU's copy: nobody else writes it */
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
