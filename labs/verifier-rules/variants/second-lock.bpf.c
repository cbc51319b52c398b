// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule: one lock at a time (taking a second could deadlock against another CPU). */
#include "common.h"

SEC("tc")
int bad(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *in = bpf_map_lookup_elem(&ingress, &key);
	struct stats *all = bpf_map_lookup_elem(&total, &key);

	if (!in || !all)
		return TC_ACT_OK;
	bpf_spin_lock(&in->lock);
	bpf_spin_lock(&all->lock); /* a second lock while holding the first */
	in->packets += 1;
	all->packets += 1;
	bpf_spin_unlock(&all->lock);
	bpf_spin_unlock(&in->lock);
	return TC_ACT_OK;
}

SEC("tc")
int fixed(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *in = bpf_map_lookup_elem(&ingress, &key);
	struct stats *all = bpf_map_lookup_elem(&total, &key);

	if (!in || !all)
		return TC_ACT_OK;
	bpf_spin_lock(&in->lock); /* one value, then the other */
	in->packets += 1;
	bpf_spin_unlock(&in->lock);
	bpf_spin_lock(&all->lock);
	all->packets += 1;
	bpf_spin_unlock(&all->lock);
	return TC_ACT_OK;
}
