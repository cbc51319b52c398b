// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * racy-counter: count the syscalls of one process, the classic way.
 * Every CPU that enters a syscall runs this program, at the same time as the others.
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

	/* Looks like one step; it is three: load, add, store. */
	counter++;
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
