// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule: unlock only what this path locked. */
#include "common.h"

SEC("tc")
int bad(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);

	if (!s)
		return TC_ACT_OK;
	if (ctx->len >= 60) {
		bpf_spin_lock(&s->lock);
		s->bytes += ctx->len;
	}
	bpf_spin_unlock(&s->lock); /* the runt path never took it */
	return TC_ACT_OK;
}

SEC("tc")
int fixed(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);

	if (!s)
		return TC_ACT_OK;
	if (ctx->len >= 60) {
		bpf_spin_lock(&s->lock);
		s->bytes += ctx->len;
		bpf_spin_unlock(&s->lock); /* lock and unlock on the same path */
	}
	return TC_ACT_OK;
}
