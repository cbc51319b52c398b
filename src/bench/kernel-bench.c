// SPDX-License-Identifier: MIT
/*
 * kernel-bench: the per-invocation cost of a BPF program on this machine's kernel, measured
 * the way `lockstep bench` compares engines: one thread per CPU, each pinned to its CPU, all
 * released together, each running the program `events` times through BPF_PROG_TEST_RUN
 * (repeat = events, so the loop runs in the kernel) on one loaded program with shared maps.
 * Reported per CPU: the kernel's own time for the repetitions (test_run `duration`, average
 * ns per run, times the runs) and the wall time of the call.
 *
 *   kernel-bench OBJ PROG CPUS EVENTS   →   {"perCpu":[{"cpu":0,"events":N,"kernelNs":..,"wallNs":..}]}
 *
 * Only program types that BPF_PROG_TEST_RUN runs with repeat (XDP, TC, socket filter).
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CPUS 64

struct worker {
	int idx;
	long events;
	unsigned long long kernel_ns, wall_ns;
	int err;
	pthread_t tid;
};

static int prog_fd, ncpus;
static int arrived;

static unsigned long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned char pkt[64] = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->idx, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set)) {
		w->err = EINVAL;
		return NULL;
	}
	/* Start barrier: spin until every worker is pinned and ready. */
	__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) < ncpus)
		;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = (int)w->events);
	unsigned long long t0 = now_ns();
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		w->err = errno;
	w->wall_ns = now_ns() - t0;
	w->kernel_ns = (unsigned long long)opts.duration * (unsigned long long)w->events;
	return NULL;
}

int main(int argc, char **argv)
{
	struct worker ws[MAX_CPUS];
	struct bpf_object *obj;
	struct bpf_program *p;

	if (argc != 5) {
		fprintf(stderr, "usage: %s OBJ PROG CPUS EVENTS\n", argv[0]);
		return 2;
	}
	ncpus = atoi(argv[3]);
	long events = atol(argv[4]);
	if (ncpus < 1 || ncpus > MAX_CPUS || events < 1 || events > 0x7fffffff) {
		fprintf(stderr, "kernel-bench: bad CPUS or EVENTS\n");
		return 2;
	}
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "kernel-bench: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, strcmp(bpf_program__name(p), argv[2]) == 0);
	if (bpf_object__load(obj)) {
		fprintf(stderr, "kernel-bench: load failed: %s\n", strerror(errno));
		return 1;
	}
	p = bpf_object__find_program_by_name(obj, argv[2]);
	if (!p) {
		fprintf(stderr, "kernel-bench: no program %s\n", argv[2]);
		return 1;
	}
	prog_fd = bpf_program__fd(p);
	for (int i = 0; i < ncpus; i++) {
		ws[i] = (struct worker){ .idx = i, .events = events };
		if (pthread_create(&ws[i].tid, NULL, work, &ws[i])) {
			fprintf(stderr, "kernel-bench: pthread_create failed\n");
			return 1;
		}
	}
	int failed = 0;
	for (int i = 0; i < ncpus; i++) {
		pthread_join(ws[i].tid, NULL);
		if (ws[i].err) {
			fprintf(stderr, "kernel-bench: cpu %d: BPF_PROG_TEST_RUN failed: %s\n", i, strerror(ws[i].err));
			failed = 1;
		}
	}
	bpf_object__close(obj);
	if (failed)
		return 1;
	printf("{\"perCpu\":[");
	for (int i = 0; i < ncpus; i++)
		printf("%s{\"cpu\":%d,\"events\":%ld,\"kernelNs\":%llu,\"wallNs\":%llu}", i ? "," : "", i,
		       ws[i].events, ws[i].kernel_ns, ws[i].wall_ns);
	printf("]}\n");
	return 0;
}
