// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * verifier-rules on a real kernel: load the counter (the starter does not load: libbpf
 * prints the verifier's log and its last line says why), attach it to sys_enter, make
 * exactly CPUS x EVENTS getppid() calls from threads pinned to different CPUs, then print
 * the calls map as JSON. The program counts only this process's getppid() calls, so the
 * bpf() calls that reset and read the map are not counted.
 *
 *   sudo ./verifier-rules --cpus 2 --events 200000
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "verifier_rules.skel.h"

/* The map value as the program declares it. */
struct calls_value {
	struct bpf_spin_lock lock;
	__u64 count;
	__u64 twice;
};

int main(int argc, char **argv)
{
	struct verifier_rules *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	struct calls_value zero = { 0 };
	__u32 key = 0;
	int err;

	if (lab_parse_args(argc, argv, "verifier-rules", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = verifier_rules__open();
	if (!skel) {
		fprintf(stderr, "failed to open the BPF skeleton\n");
		return 1;
	}
	/* Count only our own getppid() calls: read-only data is fixed before load. */
	skel->rodata->target_tgid = getpid();
	skel->rodata->only_syscall = SYS_getppid;

	err = verifier_rules__load(skel); /* the verifier runs here */
	if (err) {
		fprintf(stderr, "the kernel refused the program (its verifier log is above)\n");
		goto cleanup;
	}
	err = lab_snapshot_prepare(skel->obj);
	if (!err)
		err = lab_syscalls_prepare(&args); /* threads pinned and waiting */
	if (!err)
		err = verifier_rules__attach(skel);
	/* Start from zero whatever ran before (this update is a bpf() call: not counted). */
	if (!err)
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.calls), &key, &zero, BPF_F_LOCK);
	if (!err)
		err = lab_syscalls_go(&timing); /* exactly cpus * events getppid() calls */
	lab_snapshot_globals();
	verifier_rules__detach(skel);
	lab_syscalls_finish();
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

cleanup:
	verifier_rules__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
