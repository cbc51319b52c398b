// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rule: only bpf_spin_lock/bpf_spin_unlock touch the lock; no load or store of it. */
#include "common.h"

#define WINDOW 1000000 /* packets per window: then the stats start over */

SEC("tc")
int bad(struct __sk_buff *ctx)
{
	__u32 key = 0;
	struct stats *s = bpf_map_lookup_elem(&ingress, &key);

	if (!s)
		return TC_ACT_OK;
	bpf_spin_lock(&s->lock);
	if (s->packets >= WINDOW) {
		struct stats fresh = { .packets = 1, .bytes = ctx->len };
		*s = fresh; /* a whole-struct store: over the lock too */
	} else {
		s->packets += 1;
		s->bytes += ctx->len;
	}
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
	if (s->packets >= WINDOW) { /* start over field by field, leaving the lock alone */
		s->packets = 1;
		s->bytes = ctx->len;
		s->last_ns = 0;
	} else {
		s->packets += 1;
		s->bytes += ctx->len;
	}
	bpf_spin_unlock(&s->lock);
	return TC_ACT_OK;
}
