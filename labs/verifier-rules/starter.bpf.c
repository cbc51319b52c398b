// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * verifier-rules: count a process's syscalls and keep a second field in step with the
 * count, both under the value's bpf_spin_lock. The classic version of this example sits on
 * the raw_syscalls/sys_enter tracepoint, where the verifier refuses any spin lock ("tracing
 * progs cannot use bpf_spin_lock yet"); this one is on tp_btf/sys_enter, which may take it.
 * A tp_btf program gets the tracepoint's arguments as an array of u64: for sys_enter, a
 * struct pt_regs pointer and the syscall number. It still does not load: ask the verifier.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* Set by the loader before the program loads; 0 counts every process. */
const volatile __u32 target_tgid = 0;
/* Set by the loader to one syscall number (the harness's getppid); -1 counts every syscall. */
const volatile long only_syscall = -1;

struct calls {
	struct bpf_spin_lock lock;
	__u64 count;
	__u64 twice; /* always 2 * count: the pair must move together */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct calls);
} calls SEC(".maps");

/* Stop before twice could overflow. */
#define MAX_COUNT (1ULL << 62)

/* Pairs read back under the lock that broke twice == 2 * count. */
__u64 torn = 0;

SEC("tp_btf/sys_enter")
int count_calls(__u64 *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	long id = ctx[1]; /* sys_enter(struct pt_regs *regs, long id) */
	__u64 count, twice;
	__u32 key = 0;
	struct calls *c;

	if ((target_tgid && tgid != target_tgid) || (only_syscall >= 0 && id != only_syscall))
		return 0;
	c = bpf_map_lookup_elem(&calls, &key);
	if (!c)
		return 0;

	bpf_spin_lock(&c->lock);
	if (c->count >= MAX_COUNT)
		return 0; /* full: stop counting */
	c->count += 1;
	c->twice += 2;
	count = c->count;
	twice = c->twice;
	bpf_spin_unlock(&c->lock);

	if (twice != 2 * count)
		__sync_fetch_and_add(&torn, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
