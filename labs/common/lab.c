// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Lab harness, setup side: arguments, signals, libbpf logging and the CPUs to pin to. The
 * workloads are in lab-run.c, JSON output in lab-json.c. See lab.h for the contract.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lab.h"
#include "lab-internal.h"

volatile sig_atomic_t lab_stop;

static int cpu_ids[LAB_MAX_CPUS]; /* the CPUs we pin to, in order */
int lab_ncpus;

static void on_stop(int sig) { (void)sig; lab_stop = 1; }
static void on_wake(int sig) { (void)sig; /* only interrupts a blocking test run */ }

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int lab_parse_args(int argc, char **argv, const char *lab, int def_cpus, long def_events,
		   struct lab_args *args)
{
	args->lab = lab;
	args->cpus = def_cpus;
	args->events = def_events;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((!strcmp(a, "--cpus") || !strcmp(a, "--events")) && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v <= 0) {
				fprintf(stderr, "%s: %s needs a positive integer, got '%s'\n", lab, a, argv[i]);
				return -1;
			}
			if (a[2] == 'c')
				args->cpus = (int)v;
			else
				args->events = v;
		} else {
			fprintf(stderr, "usage: %s [--cpus N] [--events M]   (unknown argument '%s')\n", lab, a);
			return -1;
		}
	}
	if (args->events > 0x7fffffffL) {
		fprintf(stderr, "%s: --events must be below 2^31\n", lab);
		return -1;
	}
	return 0;
}

int lab_setup(const struct lab_args *args)
{
	struct sigaction sa = { 0 };
	cpu_set_t allowed;

	/* No SA_RESTART: a signal must interrupt a long BPF_PROG_TEST_RUN (it returns EINTR). */
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_wake;
	sigaction(SIGUSR1, &sa, NULL);
	libbpf_set_print(libbpf_print);

	if (sched_getaffinity(0, sizeof(allowed), &allowed)) {
		perror("sched_getaffinity");
		return -1;
	}
	lab_ncpus = 0;
	for (int c = 0; c < CPU_SETSIZE && lab_ncpus < args->cpus && lab_ncpus < LAB_MAX_CPUS; c++)
		if (CPU_ISSET(c, &allowed))
			cpu_ids[lab_ncpus++] = c;
	if (lab_ncpus < args->cpus) {
		fprintf(stderr, "%s: asked for %d CPUs, this machine lets us use %d\n", args->lab,
			args->cpus, lab_ncpus);
		return -1;
	}
	return 0;
}

int lab_pin_self(int idx)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu_ids[idx], &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

int lab_cpu_id(int idx) { return cpu_ids[idx]; }
