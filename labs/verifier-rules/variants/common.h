/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What every verifier-rules variant shares: a value guarded by its lock, in two maps. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TC_ACT_OK 0 /* from linux/pkt_cls.h, which vmlinux.h does not carry */

struct stats {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} ingress SEC(".maps");

/* A second map with its own lock. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} total SEC(".maps");

char LICENSE[] SEC("license") = "Dual BSD/GPL";
