// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Lab harness, output side: the run as one JSON object in the Lockstep results schema
 * (src/engine/results.ts). Globals (.bss/.data/.rodata) and maps are decoded with the
 * object's BTF: integers print as exact decimals, arrays as lists, structs by field name,
 * per-CPU maps as "values" (one per CPU used, in pin order). Checks are graded by the
 * `lockstep` CLI, so "checks" is empty here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "lab.h"

#define MAX_SECTIONS 8

static struct {
	struct bpf_map *map;
	void *copy;
	size_t size;
	bool taken;
} snaps[MAX_SECTIONS];
static int nsnaps;

int lab_snapshot_prepare(struct bpf_object *obj)
{
	struct bpf_map *map;

	nsnaps = 0;
	bpf_object__for_each_map(map, obj) {
		size_t size;
		if (!bpf_map__is_internal(map) || nsnaps == MAX_SECTIONS)
			continue;
		if (!bpf_map__initial_value(map, &size))
			continue;
		snaps[nsnaps].map = map;
		snaps[nsnaps].size = size;
		snaps[nsnaps].copy = calloc(1, size ? size : 1);
		if (!snaps[nsnaps].copy)
			return -ENOMEM;
		nsnaps++;
	}
	return 0;
}

void lab_snapshot_globals(void)
{
	for (int i = 0; i < nsnaps; i++) {
		size_t size;
		/* After load this is the live mmap of the section: a plain memory read, no syscall. */
		const void *live = bpf_map__initial_value(snaps[i].map, &size);
		if (live && !snaps[i].taken) {
			memcpy(snaps[i].copy, live, snaps[i].size);
			snaps[i].taken = true;
		}
	}
}

static const struct btf_type *resolve(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static void print_int(const void *p, unsigned size, bool is_signed)
{
	unsigned long long u = 0;

	memcpy(&u, p, size > 8 ? 8 : size); /* little-endian hosts (x86-64, arm64) */
	if (is_signed && size < 8 && (u >> (size * 8 - 1)) & 1)
		u |= ~0ULL << (size * 8);
	if (is_signed)
		printf("%lld", (long long)u);
	else
		printf("%llu", u);
}

static void print_value(const struct btf *btf, __u32 id, const unsigned char *p)
{
	const struct btf_type *t = resolve(btf, &id);

	if (!t) {
		printf("null");
	} else if (btf_is_int(t)) {
		print_int(p, t->size, btf_int_encoding(t) & BTF_INT_SIGNED);
	} else if (btf_is_enum(t) || btf_is_enum64(t)) {
		print_int(p, t->size, btf_kflag(t));
	} else if (btf_is_ptr(t)) {
		print_int(p, 8, false);
	} else if (btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);
		__s64 esz = btf__resolve_size(btf, a->type);
		printf("[");
		for (__u32 i = 0; i < a->nelems && esz > 0; i++) {
			printf(i ? ", " : "");
			print_value(btf, a->type, p + i * esz);
		}
		printf("]");
	} else if (btf_is_composite(t)) {
		const struct btf_member *m = btf_members(t);
		printf("{");
		for (__u16 i = 0; i < btf_vlen(t); i++, m++) {
			__u32 off = btf_member_bit_offset(t, i), bits = btf_member_bitfield_size(t, i);
			printf("%s\"%s\": ", i ? ", " : "", btf__name_by_offset(btf, m->name_off));
			if (bits) {
				unsigned long long u = 0;
				memcpy(&u, p + off / 64 * 8, 8);
				printf("%llu", (u >> (off % 64)) & (bits == 64 ? ~0ULL : (1ULL << bits) - 1));
			} else {
				print_value(btf, m->type, p + off / 8);
			}
		}
		printf("}");
	} else {
		printf("null");
	}
}

static void print_globals(const struct btf *btf)
{
	bool first = true;

	printf("\"globals\": {");
	for (int s = 0; s < nsnaps; s++) {
		const char *sec = strchr(bpf_map__name(snaps[s].map), '.');
		int id = sec ? btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC) : -1;
		const struct btf_type *ds = id > 0 ? btf__type_by_id(btf, id) : NULL;
		size_t size;
		const unsigned char *data = snaps[s].taken ? snaps[s].copy
							   : bpf_map__initial_value(snaps[s].map, &size);
		if (!ds || !data)
			continue;
		const struct btf_var_secinfo *v = btf_var_secinfos(ds);
		for (__u16 i = 0; i < btf_vlen(ds); i++, v++) {
			const struct btf_type *var = btf__type_by_id(btf, v->type);
			printf("%s\"%s\": ", first ? "" : ", ", btf__name_by_offset(btf, var->name_off));
			print_value(btf, var->type, data + v->offset);
			first = false;
		}
	}
	printf("}");
}

static int cmp_keys(const void *a, const void *b, size_t size)
{
	if (size <= 8) { /* integer keys: numeric order */
		unsigned long long x = 0, y = 0;
		memcpy(&x, a, size);
		memcpy(&y, b, size);
		return x < y ? -1 : x > y;
	}
	return memcmp(a, b, size);
}

static size_t sort_key_size;
static int qsort_keys(const void *a, const void *b) { return cmp_keys(a, b, sort_key_size); }

static void print_map(const struct btf *btf, struct bpf_map *map, int ncpus)
{
	enum bpf_map_type type = bpf_map__type(map);
	bool percpu = type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH;
	size_t ksz = bpf_map__key_size(map), vsz = bpf_map__value_size(map);
	size_t stride = percpu ? (vsz + 7) / 8 * 8 : vsz;
	int possible = percpu ? libbpf_num_possible_cpus() : 1;
	__u32 kid = bpf_map__btf_key_type_id(map), vid = bpf_map__btf_value_type_id(map);
	__u32 max = bpf_map__max_entries(map), n = 0;
	unsigned char *keys = calloc(max ? max : 1, ksz), *val = calloc(possible, stride);
	int fd = bpf_map__fd(map);

	printf("\"%s\": [", bpf_map__name(map));
	if (!keys || !val)
		goto out;
	/* Walk every key, then sort: hash maps return keys in bucket order. */
	for (void *prev = NULL; n < max; prev = keys + (n - 1) * ksz) {
		if (bpf_map_get_next_key(fd, prev, keys + n * ksz))
			break;
		n++;
	}
	sort_key_size = ksz;
	qsort(keys, n, ksz, qsort_keys);
	for (__u32 i = 0; i < n; i++) {
		const unsigned char *k = keys + i * ksz;
		if (bpf_map_lookup_elem(fd, k, val))
			continue;
		printf("%s{\"key\": ", i ? ", " : "");
		if (kid) print_value(btf, kid, k); else print_int(k, ksz, false);
		if (percpu) {
			printf(", \"values\": [");
			for (int c = 0; c < ncpus; c++) {
				printf(c ? ", " : "");
				print_value(btf, vid, val + lab_cpu_id(c) * stride);
			}
			printf("]}");
		} else {
			printf(", \"value\": ");
			if (vid) print_value(btf, vid, val); else print_int(val, vsz, false);
			printf("}");
		}
	}
out:
	printf("]");
	free(keys);
	free(val);
}

int lab_print_results(const struct lab_args *args, struct bpf_object *obj,
		      const struct lab_timing *timing)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct utsname u;
	struct bpf_map *map;
	bool first = true;
	unsigned long long total = (unsigned long long)args->cpus * args->events;

	uname(&u);
	printf("{\"lab\": \"%s\", \"engine\": \"kernel\", \"kernel\": \"%s\", \"cpus\": %d, "
	       "\"eventsPerCpu\": %ld, \"mode\": \"parallel\", ",
	       args->lab, u.release, args->cpus, args->events);
	print_globals(btf);
	printf(", \"maps\": {");
	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		printf(first ? "" : ", ");
		print_map(btf, map, args->cpus);
		first = false;
	}
	printf("}, \"checks\": [], \"durationNs\": %llu, \"nsPerEvent\": %.3f, \"log\": []}\n",
	       timing->duration_ns, total ? (double)timing->duration_ns / total : 0.0);
	fflush(stdout);
	return 0;
}
