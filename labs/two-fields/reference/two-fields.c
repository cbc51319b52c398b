// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * two-fields on a real kernel: load the tc program and run it EVENTS times on each of CPUS
 * pinned threads at once (BPF_PROG_TEST_RUN with a 64-byte packet), while one more thread
 * reads the {packets, bytes} pair from userspace as fast as it can with
 * bpf_map_lookup_elem_flags(..., BPF_F_LOCK): the kernel copies the value under its spin
 * lock. Every pair should average 64 bytes; the reader counts those that do not and stores
 * its tally in the `reader` map before the results are printed as JSON.
 *
 *   sudo ./two-fields --cpus 2 --events 200000
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "two_fields.skel.h"

#define PACKET_BYTES 64 /* the harness's test packet */

/* The map values as the BPF program declares them (same layout: the lock, then the pair). */
struct stats_value {
	struct bpf_spin_lock lock;
	__u64 packets;
	__u64 bytes;
};

struct tally_value {
	__u64 reads;
	__u64 torn;
};

struct reader_state {
	int stats_fd;
	volatile int stop;
	unsigned long long reads, torn;
	int err;
};

static void *reader(void *arg)
{
	struct reader_state *st = arg;
	struct stats_value v;
	sigset_t set;
	__u32 key = 0;

	/* SIGINT/SIGTERM go to the main thread, which stops the run (and then this loop). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	while (!st->stop && !lab_stop) {
		/* BPF_F_LOCK: copy the value under its bpf_spin_lock (the lock itself reads as 0). */
		if (bpf_map_lookup_elem_flags(st->stats_fd, &key, &v, BPF_F_LOCK)) {
			st->err = -1;
			break;
		}
		st->reads++;
		if (v.bytes != v.packets * PACKET_BYTES)
			st->torn++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct two_fields *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	struct reader_state st = { 0 };
	pthread_t tid;
	int err;

	if (lab_parse_args(argc, argv, "two-fields", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = two_fields__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load the BPF skeleton\n");
		return 1;
	}
	err = lab_snapshot_prepare(skel->obj);
	st.stats_fd = bpf_map__fd(skel->maps.stats);
	/* The reader is not pinned: it shares the CPUs with the writers, like any process. */
	if (!err && pthread_create(&tid, NULL, reader, &st)) {
		fprintf(stderr, "cannot start the reader thread\n");
		err = -1;
	}
	if (!err) {
		/* test runs need no attach: the kernel calls the program directly */
		err = lab_run_test(bpf_program__fd(skel->progs.track_sizes), &args, &timing);
		st.stop = 1;
		pthread_join(tid, NULL);
	}
	if (!err && st.err) {
		fprintf(stderr, "the reader's BPF_F_LOCK lookup failed (does the value have a bpf_spin_lock?)\n");
		err = -1;
	}
	if (!err) {
		struct tally_value t = { .reads = st.reads, .torn = st.torn };
		__u32 key = 0;

		fprintf(stderr, "reader: %llu BPF_F_LOCK lookups, %llu torn pairs\n", st.reads, st.torn);
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.reader), &key, &t, BPF_ANY);
	}
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

	two_fields__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
