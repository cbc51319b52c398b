// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * racy-counter, fixed: the same counter with one atomic read-modify-write, so no update
 * is lost. (Chapter 2 explains why; this chapter only shows that `counter++` loses counts.)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* Set by the loader before the program loads; 0 counts every process. */
const volatile __u32 target_tgid = 0;

/* One counter shared by every CPU (it lives in the .bss map). */
__u64 counter = 0;

SEC("tracepoint/raw_syscalls/sys_enter")
int count_syscalls(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (target_tgid && tgid != target_tgid)
		return 0;

	/* One instruction: lock xadd. No other CPU can slip between the load and the store. */
	__sync_fetch_and_add(&counter, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
