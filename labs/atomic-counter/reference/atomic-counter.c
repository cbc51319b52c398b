// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * atomic-counter on a real kernel: load the counter, attach it to raw_syscalls/sys_enter for
 * this process only, make exactly CPUS x EVENTS syscalls from threads pinned to different
 * CPUs, then print what the counter says: exactly CPUS x EVENTS once the update is atomic.
 *
 *   sudo ./atomic-counter --cpus 2 --events 200000
 */
#include <stdio.h>
#include <unistd.h>
#include "lab.h"
#include "atomic_counter.skel.h"

int main(int argc, char **argv)
{
	struct atomic_counter *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	int err;

	if (lab_parse_args(argc, argv, "atomic-counter", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = atomic_counter__open();
	if (!skel) {
		fprintf(stderr, "failed to open the BPF skeleton\n");
		return 1;
	}
	/* Count only our own syscalls: read-only data is fixed before load. */
	skel->rodata->target_tgid = getpid();

	err = atomic_counter__load(skel);
	if (!err)
		err = lab_snapshot_prepare(skel->obj);
	if (!err)
		err = lab_syscalls_prepare(&args); /* threads pinned and waiting */
	if (err) {
		fprintf(stderr, "failed to load the BPF program: %d\n", err);
		goto cleanup;
	}
	err = atomic_counter__attach(skel);
	/* Attaching made a syscall or two after the program went live: start from zero. */
	skel->bss->counter = 0;
	if (!err)
		err = lab_syscalls_go(&timing); /* exactly cpus * events getppid() calls */
	lab_snapshot_globals();              /* read the counter before any other syscall */
	atomic_counter__detach(skel);
	lab_syscalls_finish();
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

cleanup:
	atomic_counter__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
