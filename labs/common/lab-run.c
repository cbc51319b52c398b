// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Lab harness, run side: one pinned worker per CPU (worker 0 is the main thread), the two
 * workloads (BPF_PROG_TEST_RUN with repeat, and getppid() syscalls) in chunks with a
 * spinning barrier, and the optional concurrent reader. See lab.h for the contract.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "lab.h"
#include "lab-internal.h"

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: no syscall on usual clocksources */
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Shared state of one run: workers 1..n-1 are threads, worker 0 is the main thread. */
static struct {
	pthread_t tid[LAB_MAX_CPUS];
	int started; /* threads created */
	long events;
	int prog_fd;
	bool xdp;
	int err[LAB_MAX_CPUS];
	long arrived;                  /* chunks finished, all workers together */
	int ready, go, done, release, failed; /* accessed with __atomic builtins */
} run;

static void block_stop_signals(void)
{
	sigset_t set;

	/* Workers leave SIGINT/SIGTERM to the main thread, which tells them via lab_stop. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void wait_flag(int *flag)
{
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE) && !lab_stop)
		cpu_relax();
}

static int test_run_events(int prog_fd, long events)
{
	unsigned char pkt[64] = { 0 }; /* a zeroed Ethernet frame: the labs never parse it */
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = (int)events);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return errno == EINTR ? -EINTR : -errno;
	return 0;
}

static void syscall_events(long events)
{
	for (long i = 0; i < events && !lab_stop; i++)
		syscall(SYS_getppid);
}

/*
 * Why chunks and a barrier: a CPU's share of a run can take only a few milliseconds, less
 * than a scheduler time slice, so on a busy machine one pinned thread could finish before
 * another even starts and nothing would run concurrently. After each chunk every worker
 * waits (spinning, no syscalls) for the others, which keeps the CPUs overlapping.
 */
#define SYSCALL_CHUNK 1000
#define TEST_RUN_CHUNK 1000
/* An XDP test run with repeat > 1 swaps the program into the XDP dispatcher and back, which
 * waits for RCU grace periods (~20 ms a call here): fewer, bigger chunks. (This slack is also
 * why the labs use tc programs: their chunks stay aligned across CPUs.) */
#define XDP_CHUNK 10000

static int do_events(long events)
{
	long chunk = run.prog_fd < 0 ? SYSCALL_CHUNK : run.xdp ? XDP_CHUNK : TEST_RUN_CHUNK;
	long phase = 0;
	int err = 0;

	for (long done = 0; done < events && !lab_stop && !err; done += chunk, phase++) {
		long n = events - done < chunk ? events - done : chunk;
		if (run.prog_fd >= 0)
			err = test_run_events(run.prog_fd, n);
		else
			syscall_events(n);
		/* Barrier: arrived counts every worker's chunks; wait for the others' chunk too. */
		__atomic_add_fetch(&run.arrived, 1, __ATOMIC_ACQ_REL);
		while (__atomic_load_n(&run.arrived, __ATOMIC_ACQUIRE) < (phase + 1) * lab_ncpus &&
		       !lab_stop && !__atomic_load_n(&run.failed, __ATOMIC_ACQUIRE))
			cpu_relax();
	}
	if (err)
		__atomic_store_n(&run.failed, 1, __ATOMIC_RELEASE);
	return err;
}

static void *worker(void *arg)
{
	int idx = (int)(long)arg;

	block_stop_signals();
	run.err[idx] = lab_pin_self(idx) ? -EINVAL : 0;
	__atomic_add_fetch(&run.ready, 1, __ATOMIC_ACQ_REL);
	wait_flag(&run.go);
	if (!lab_stop && !run.err[idx])
		run.err[idx] = do_events(run.events);
	__atomic_add_fetch(&run.done, 1, __ATOMIC_ACQ_REL);
	wait_flag(&run.release); /* exiting makes syscalls: stay put until the caller has read */
	return NULL;
}

static struct {
	void (*fn)(void *arg);
	void *arg;
	pthread_t tid;
	int running;              /* a reader thread exists */
	int stop;                 /* __atomic: the workers are done */
	unsigned long long calls; /* written by the reader, read after join */
} reader;

void lab_set_reader(void (*fn)(void *arg), void *arg)
{
	reader.fn = fn;
	reader.arg = arg;
}

unsigned long long lab_reader_calls(void) { return reader.calls; }

static void *reader_loop(void *unused)
{
	(void)unused;
	block_stop_signals();
	wait_flag(&run.go);
	while (!__atomic_load_n(&reader.stop, __ATOMIC_ACQUIRE) && !lab_stop) {
		reader.fn(reader.arg);
		reader.calls++;
	}
	return NULL;
}

static int start_workers(const struct lab_args *args, int prog_fd)
{
	memset(&run, 0, sizeof(run));
	run.events = args->events;
	run.prog_fd = prog_fd;
	if (lab_pin_self(0)) {
		fprintf(stderr, "%s: cannot pin to CPU %d\n", args->lab, lab_cpu_id(0));
		return -1;
	}
	for (int i = 1; i < lab_ncpus; i++) {
		if (pthread_create(&run.tid[i], NULL, worker, (void *)(long)i)) {
			fprintf(stderr, "%s: pthread_create failed\n", args->lab);
			return -1;
		}
		run.started = i;
	}
	/* Created now, before the caller attaches: pthread_create makes syscalls. */
	reader.calls = 0;
	__atomic_store_n(&reader.stop, 0, __ATOMIC_RELEASE);
	reader.running = reader.fn && !pthread_create(&reader.tid, NULL, reader_loop, NULL);
	while (__atomic_load_n(&run.ready, __ATOMIC_ACQUIRE) < lab_ncpus - 1 && !lab_stop)
		sched_yield();
	for (int i = 1; i < lab_ncpus; i++)
		if (run.err[i]) {
			fprintf(stderr, "%s: cannot pin a thread to CPU %d\n", args->lab, lab_cpu_id(i));
			return -1;
		}
	return lab_stop ? -EINTR : 0;
}

/* Releases the workers, does worker 0's share, waits for the rest (no syscalls meanwhile). */
static int go_and_wait(struct lab_timing *timing)
{
	unsigned long long t0;
	int err = 0;

	t0 = now_ns();
	__atomic_store_n(&run.go, 1, __ATOMIC_RELEASE);
	err = do_events(run.events);
	while (__atomic_load_n(&run.done, __ATOMIC_ACQUIRE) < lab_ncpus - 1) {
		if (lab_stop) /* interrupt the workers' test runs too */
			for (int i = 1; i <= run.started; i++)
				pthread_kill(run.tid[i], SIGUSR1);
		cpu_relax();
	}
	timing->duration_ns = now_ns() - t0;
	__atomic_store_n(&reader.stop, 1, __ATOMIC_RELEASE);
	for (int i = 1; i < lab_ncpus && !err; i++)
		err = run.err[i];
	if (lab_stop)
		return -EINTR;
	if (err)
		fprintf(stderr, "BPF_PROG_TEST_RUN failed: %s\n", strerror(-err));
	return err;
}

static void stop_workers(void)
{
	__atomic_store_n(&run.go, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&run.release, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&reader.stop, 1, __ATOMIC_RELEASE);
	if (reader.running)
		pthread_join(reader.tid, NULL); /* joined here: its exit makes syscalls */
	reader.running = 0;
	for (int i = 1; i <= run.started; i++)
		pthread_join(run.tid[i], NULL);
	run.started = 0;
}

int lab_run_test(int prog_fd, const struct lab_args *args, struct lab_timing *timing)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	int err;

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len)) {
		fprintf(stderr, "%s: cannot inspect the program: %s\n", args->lab, strerror(errno));
		return -1;
	}
	err = start_workers(args, prog_fd);
	run.xdp = info.type == BPF_PROG_TYPE_XDP; /* read by the workers only after go */

	if (!err)
		err = go_and_wait(timing);
	lab_snapshot_globals();
	stop_workers();
	return err;
}

int lab_syscalls_prepare(const struct lab_args *args)
{
	int err = start_workers(args, -1);

	if (err)
		stop_workers();
	return err;
}

int lab_syscalls_go(struct lab_timing *timing) { return go_and_wait(timing); }

void lab_syscalls_finish(void) { stop_workers(); }
