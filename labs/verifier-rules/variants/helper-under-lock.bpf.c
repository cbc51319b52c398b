// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule: no function calls (helpers or BPF-to-BPF) while holding the lock. */
#include "common.h"

SEC("tc")
int bad(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	s->packets += 1;
	s->last_ns = bpf_ktime_get_ns(); /* a helper call under the lock */
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}

SEC("tc")
int fixed(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);
	__u64 now = bpf_ktime_get_ns(); /* call first, store under the lock */

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	s->packets += 1;
	s->last_ns = now;
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}
