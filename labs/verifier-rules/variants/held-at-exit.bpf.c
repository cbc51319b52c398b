// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule: every path releases the lock before it returns. */
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
	if (ctx->len < 60)
		return TC_ACT_OK; /* a runt: counted, but this path keeps the lock */
	s->bytes += ctx->len;
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}

SEC("tc")
int fixed(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	s->packets += 1;
	if (ctx->len >= 60) /* decide under the lock, return after the unlock */
		s->bytes += ctx->len;
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}
