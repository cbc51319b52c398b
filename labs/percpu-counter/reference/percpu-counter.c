// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * percpu-counter on a real kernel: load the tc program, run it EVENTS times on each of CPUS
 * pinned threads at once with BPF_PROG_TEST_RUN, then read the counter the way a per-CPU map
 * must be read: one lookup returns a value for every possible CPU, and userspace adds them.
 * Prints the run as JSON (one value per CPU used) on stdout, the sum on stderr.
 *
 *   sudo ./percpu-counter --cpus 2 --events 200000
 */
#include <stdio.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "percpu_counter.skel.h"

/* Sums slot 0 over every possible CPU (the starter's shared array has one value). */
static int sum_counter(struct bpf_map *map, unsigned long long *sum)
{
	int percpu = bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_ARRAY;
	int n = percpu ? libbpf_num_possible_cpus() : 1;
	unsigned long long *vals;
	__u32 key = 0;
	int err;

	if (n < 1)
		return n;
	/* Per-CPU values come back as one 8-byte-aligned slot per possible CPU. */
	vals = calloc(n, sizeof(*vals));
	if (!vals)
		return -1;
	err = bpf_map_lookup_elem(bpf_map__fd(map), &key, vals);
	*sum = 0;
	for (int c = 0; !err && c < n; c++)
		*sum += vals[c];
	free(vals);
	return err;
}

int main(int argc, char **argv)
{
	struct percpu_counter *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	unsigned long long sum = 0;
	int err;

	if (lab_parse_args(argc, argv, "percpu-counter", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = percpu_counter__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load the BPF skeleton\n");
		return 1;
	}
	err = lab_snapshot_prepare(skel->obj);
	if (!err) /* test runs need no attach: the kernel calls the program directly */
		err = lab_run_test(bpf_program__fd(skel->progs.count_packets), &args, &timing);
	if (!err && !sum_counter(skel->maps.packets, &sum))
		fprintf(stderr, "packets: %llu summed over the CPUs, %llu events\n", sum,
			(unsigned long long)args.cpus * args.events);
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

	percpu_counter__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
