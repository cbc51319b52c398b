// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * snapshot-swap on a real kernel: load the tc program and run it EVENTS times on each of
 * CPUS pinned threads at once (BPF_PROG_TEST_RUN), while one more thread harvests the
 * per-key counters over and over, then once more when the CPUs are done. What a harvest
 * does depends on the program:
 *   - it has a map of maps `buffers` (the solution): make a fresh inner map, swap it into
 *     slot 0 (the update returns once every invocation that started before it has
 *     finished), then read the old inner map and close it;
 *   - it has only the live map `counts` (the starter): read each counter, then reset it.
 * The harvests' count and sum go into the `harvest` map; an exact sum equals CPUS x EVENTS.
 *
 *   sudo ./snapshot-swap --cpus 2 --events 200000
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "snapshot_swap.skel.h"

#define NKEYS 16

struct harvester {
	int outer_fd; /* -1: the program has no map of maps */
	int live_fd;  /* the counters the program writes now */
	volatile int stop;
	unsigned long long snapshots, total;
	int err;
};

/* Sums an inner map that no program writes any more. */
static int read_all(int fd, unsigned long long *sum)
{
	for (__u32 k = 0; k < NKEYS; k++) {
		__u64 v;
		if (bpf_map_lookup_elem(fd, &k, &v))
			return -1;
		*sum += v;
	}
	return 0;
}

/* Double buffering: swap a fresh map in, then read the old one. */
static int harvest_swap(struct harvester *h)
{
	__u32 slot = 0;
	int fresh = bpf_map_create(BPF_MAP_TYPE_ARRAY, "counts", sizeof(__u32), sizeof(__u64), NKEYS, NULL);
	int err;

	if (fresh < 0)
		return -1;
	/* One atomic pointer store; returns after a grace period: old invocations are done. */
	err = bpf_map_update_elem(h->outer_fd, &slot, &fresh, BPF_ANY);
	if (!err)
		err = read_all(h->live_fd, &h->total);
	close(h->live_fd); /* the outer map held its own reference until the swap */
	h->live_fd = fresh;
	return err;
}

/* The naive way: read each live counter, then reset it. */
static int harvest_live(struct harvester *h)
{
	__u64 zero = 0;

	for (__u32 k = 0; k < NKEYS; k++) {
		__u64 v;
		if (bpf_map_lookup_elem(h->live_fd, &k, &v))
			return -1;
		h->total += v;
		/* A packet counted here, after the read, is wiped out by the reset. */
		if (bpf_map_update_elem(h->live_fd, &k, &zero, BPF_ANY))
			return -1;
	}
	return 0;
}

static int harvest_once(struct harvester *h)
{
	int err = h->outer_fd >= 0 ? harvest_swap(h) : harvest_live(h);

	if (!err)
		h->snapshots++;
	return err;
}

static void *harvest_loop(void *arg)
{
	struct harvester *h = arg;
	sigset_t set;

	/* SIGINT/SIGTERM go to the main thread, which stops the run (and then this loop). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	/* At least one harvest here, however short the run: the final one makes two. */
	do
		h->err = harvest_once(h);
	while (!h->stop && !lab_stop && !h->err);
	return NULL;
}

int main(int argc, char **argv)
{
	struct snapshot_swap *skel = NULL;
	struct lab_args args;
	struct lab_timing timing = { 0 };
	struct harvester h = { .outer_fd = -1, .live_fd = -1 };
	struct bpf_map *outer;
	pthread_t tid;
	__u32 key = 0;
	int err;

	if (lab_parse_args(argc, argv, "snapshot-swap", 2, 200000, &args) || lab_setup(&args))
		return 1;

	skel = snapshot_swap__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load the BPF skeleton\n");
		return 1;
	}
	err = lab_snapshot_prepare(skel->obj);
	outer = bpf_object__find_map_by_name(skel->obj, "buffers");
	if (outer) {
		__u32 slot = 0, id;
		h.outer_fd = bpf_map__fd(outer);
		/* The inner map in slot 0 is the one the program writes now. */
		if (!err && !bpf_map_lookup_elem(h.outer_fd, &slot, &id))
			h.live_fd = bpf_map_get_fd_by_id(id);
	} else {
		h.live_fd = dup(bpf_map__fd(bpf_object__find_map_by_name(skel->obj, "counts")));
	}
	if (!err && h.live_fd < 0) {
		fprintf(stderr, "cannot find the counters (a map `buffers` of maps, or a map `counts`)\n");
		err = -1;
	}
	if (!err && pthread_create(&tid, NULL, harvest_loop, &h)) {
		fprintf(stderr, "cannot start the harvester thread\n");
		err = -1;
	}
	if (!err) {
		/* test runs need no attach: the kernel calls the program directly */
		err = lab_run_test(bpf_program__fd(skel->progs.count_keys), &args, &timing);
		h.stop = 1;
		pthread_join(tid, NULL);
		if (!err && !h.err) /* the packets are done: one last harvest takes the rest */
			h.err = harvest_once(&h);
	}
	if (!err && h.err) {
		fprintf(stderr, "a harvest failed\n");
		err = -1;
	}
	if (!err) {
		struct { __u64 snapshots, total; } t = { h.snapshots, h.total };

		fprintf(stderr, "%llu harvests, %llu packets counted of %llu\n", h.snapshots, h.total,
			(unsigned long long)args.cpus * args.events);
		err = bpf_map_update_elem(bpf_map__fd(skel->maps.harvest), &key, &t, BPF_ANY);
	}
	if (!err)
		err = lab_print_results(&args, skel->obj, &timing);

	if (h.live_fd >= 0)
		close(h.live_fd);
	snapshot_swap__destroy(skel); /* unloads the program and frees its maps */
	if (lab_stop)
		return 130;
	return err ? 1 : 0;
}
