/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The Lockstep lab harness: the parts every reference program shares, so that each
 * labs/<id>/reference/<id>.c reads like a libbpf-bootstrap example.
 *
 *   lab_parse_args()     --cpus N --events M (the lab's defaults otherwise)
 *   lab_setup()          signal handling (SIGINT/SIGTERM stop the run; the caller still
 *                        destroys its skeleton), libbpf logging, the CPUs to pin to
 *   lab_run_test()       BPF_PROG_TEST_RUN with repeat, one pinned thread per CPU (tc,
 *                        xdp, socket filter: any program type the kernel test-runs)
 *   lab_syscalls_*()     a getppid() workload, one pinned thread per CPU, for programs
 *                        on raw_syscalls/sys_enter that count by tgid
 *   lab_set_reader()     a concurrent userspace reader looping while the workers run
 *   lab_print_results()  the run as JSON in the Lockstep results schema (engine "kernel"),
 *                        globals and maps decoded with the object's BTF, exact integers
 *
 * It is not a general BPF loader: the reference program owns its skeleton (open, set
 * rodata, load, attach, destroy) so every step stays visible.
 */
#ifndef LOCKSTEP_LAB_H
#define LOCKSTEP_LAB_H

#include <signal.h>
#include <stdbool.h>
#include <bpf/libbpf.h>

#define LAB_MAX_CPUS 64

struct lab_args {
	const char *lab;
	int cpus;
	long events; /* per CPU */
};

struct lab_timing {
	unsigned long long duration_ns;
};

/* Set from the SIGINT/SIGTERM handler: every loop of the harness checks it. */
extern volatile sig_atomic_t lab_stop;

int lab_parse_args(int argc, char **argv, const char *lab, int def_cpus, long def_events,
		   struct lab_args *args);
int lab_setup(const struct lab_args *args);

/* Runs prog_fd args->events times on each CPU, all CPUs at once, with a 64-byte zeroed frame. */
int lab_run_test(int prog_fd, const struct lab_args *args, struct lab_timing *timing);

/*
 * The syscall workload. prepare() starts one pinned thread per CPU that waits; after the
 * caller has attached its program, go() releases them, each makes exactly args->events
 * getppid() calls, and go() returns when all are done, having made no syscall of its own
 * in between (so a tgid-filtered counter must read exactly cpus * events). The caller
 * snapshots its globals (lab_snapshot_globals) and detaches before finish().
 */
int lab_syscalls_prepare(const struct lab_args *args);
int lab_syscalls_go(struct lab_timing *timing);
void lab_syscalls_finish(void);

/*
 * A concurrent userspace reader (labs where userspace reads while the program writes, e.g.
 * torn pairs). Set it before lab_syscalls_prepare() or lab_run_test(): fn(arg) is then
 * called in a loop on an unpinned thread from the moment the workers start until they are
 * all done. It must not make syscalls in sys_enter labs (they would be counted); reading
 * mmapped globals is fine. lab_reader_calls() is the number of calls of the last run.
 */
void lab_set_reader(void (*fn)(void *arg), void *arg);
unsigned long long lab_reader_calls(void);

/* The CPU the idx-th worker is pinned to. */
int lab_cpu_id(int idx);

/* Allocates (before the run) and fills (after it) a copy of the object's global sections. */
int lab_snapshot_prepare(struct bpf_object *obj);
void lab_snapshot_globals(void);

/* Prints the results JSON on stdout. Globals come from the snapshot if one was taken. */
int lab_print_results(const struct lab_args *args, struct bpf_object *obj,
		      const struct lab_timing *timing);

#endif
