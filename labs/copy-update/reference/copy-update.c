// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * copy-update on a real kernel: load the tc program, create the pair {0, 0}, and run the
 * program EVENTS times on each of CPUS pinned threads at once (BPF_PROG_TEST_RUN), while
 * an unpinned reader thread looks the pair up from userspace as fast as it can and counts
 * the pairs that break b == 2 * a. Prints the results as JSON (the reader's tally in the
 * `reader` map).
 *
 *   sudo ./copy-update --cpus 2 --events 200000
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "copy_update.skel.h"

struct pair_value {
	__u64 a, b;
};

struct tally_value {
	__u64 reads, mixed;
};

struct reader_state {
	int pairs_fd;
	volatile int stop;
	unsigned long long reads, mixed;
};

static void *reader(void *arg)
{
	struct reader_state *st = arg;
	struct pair_value v;
	sigset_t set;
	__u32 key = 0;

	/* SIGINT/SIGTERM go to the main thread, which stops the run (and then this loop). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	while (!st->stop && !lab_stop) {
		if (bpf_map_lookup_elem(st->pairs_fd, &key, &v))
			continue;
		st->reads++;
		if (v.b != 2 * v.a)
			st->mixed++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct copy_update *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	struct reader_state st = { 0 };
	struct pair_value zero = { 0, 0 };
	pthread_t tid;
	__u32 key = 0;
	int err;

	if (lab_parse_args(argc, argv, "copy-update", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = copy_update__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load the BPF skeleton\n");
		return 1;
	}
	err = lab_snapshot_prepare(skel->obj);
	st.pairs_fd = bpf_map__fd(skel->maps.pairs);
	if (!err) /* the pair exists before the first packet */
		err = bpf_map_update_elem(st.pairs_fd, &key, &zero, BPF_ANY);
	/* The reader is not pinned: it shares the CPUs with the writers, like any process. */
	if (!err && pthread_create(&tid, NULL, reader, &st)) {
		fprintf(stderr, "cannot start the reader thread\n");
		err = -1;
	}
	if (!err) {
		/* test runs need no attach: the kernel calls the program directly */
		err = lab_run_test(bpf_program__fd(skel->progs.bump_pair), &args, &timing);
		st.stop = 1;
		pthread_join(tid, NULL);
	}
	if (!err) {
		struct tally_value t = { .reads = st.reads, .mixed = st.mixed };

		fprintf(stderr, "reader: %llu lookups, %llu mixed pairs\n", st.reads, st.mixed);
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.reader), &key, &t, BPF_ANY);
	}
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

	copy_update__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
