// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cpu-bits on a real kernel: load the tc program, then run it EVENTS times on each of CPUS
 * pinned threads at once with BPF_PROG_TEST_RUN (repeat = EVENTS), so every CPU executes it
 * concurrently on the same shared data (set CPU bits, flip parity bits and take credits). Prints the
 * globals and maps as JSON; `lockstep check cpu-bits` grades them.
 *
 *   sudo ./cpu-bits --cpus 2 --events 50000
 */
#include <stdio.h>
#include "lab.h"
#include "cpu_bits.skel.h"

int main(int argc, char **argv)
{
	struct cpu_bits *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	int err;

	if (lab_parse_args(argc, argv, "cpu-bits", 2, 50000, &args) || lab_setup(&args))
		return 1;

	skel = cpu_bits__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load the BPF skeleton\n");
		return 1;
	}
	err = lab_snapshot_prepare(skel->obj);
	if (!err) /* test runs need no attach: the kernel calls the program directly */
		err = lab_run_test(bpf_program__fd(skel->progs.cpu_bits), &args, &timing);
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

	cpu_bits__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
