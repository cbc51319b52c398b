/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Shared between lab.c (setup) and lab-run.c (workloads); not for reference programs. */
#ifndef LOCKSTEP_LAB_INTERNAL_H
#define LOCKSTEP_LAB_INTERNAL_H

extern int lab_ncpus; /* CPUs of this run, chosen by lab_setup() */

/* Pins the calling thread to the idx-th CPU of the run; 0 on success. */
int lab_pin_self(int idx);

#endif
