/*
 * Test support for maps/syscall-diff.test.ts: runs a script of map operations through the
 * bpf() syscall (libbpf's low-level wrappers) and prints one JSON line per command, so the
 * engine's userspace-side map semantics can be compared with this machine's kernel.
 *
 *   create NAME TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES INNER|-   (INNER: template map's name)
 *   update NAME KEYHEX VALHEX FLAGS
 *   setinner NAME KEYHEX INNERNAME FLAGS                        (value: the inner map's fd)
 *   lookup NAME KEYHEX FLAGS VALUE_BYTES                        (outer maps: prints the map's name)
 *   delete NAME KEYHEX
 *   next NAME KEYHEX|-
 *   freeze NAME
 * Output: {"rc": 0 or -errno, "value": "hex"} or {"rc": 0, "map": "name"}. Every map is
 * released when the process exits.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAPS 64

static struct {
  char name[32];
  int fd;
  unsigned id;
  unsigned key_size;
} maps[MAX_MAPS];
static int nmaps;

static int find(const char *name) {
  for (int i = 0; i < nmaps; i++)
    if (!strcmp(maps[i].name, name)) return i;
  fprintf(stderr, "unknown map %s\n", name);
  exit(2);
}

static size_t unhex(const char *s, unsigned char *out, size_t max) {
  size_t n = strlen(s) / 2;
  if (n > max) n = max;
  for (size_t i = 0; i < n; i++) sscanf(s + 2 * i, "%2hhx", &out[i]);
  return n;
}

static void hex(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
}

static int rc(int ret) { return ret < 0 ? -errno : ret; }

int main(void) {
  char line[4096];
  static unsigned char key[512], val[1 << 16], next[512];
  while (fgets(line, sizeof line, stdin)) {
    char cmd[16], a[64], b[2048], c[2048], d[64], e[64], f[64];
    int n = sscanf(line, "%15s %63s %2047s %2047s %63s %63s %63s", cmd, a, b, c, d, e, f);
    if (n < 2) continue;
    if (!strcmp(cmd, "create")) {
      LIBBPF_OPTS(bpf_map_create_opts, opts);
      if (strcmp(f, "-")) opts.inner_map_fd = maps[find(f)].fd;
      int fd = bpf_map_create(atoi(b), a, atoi(c), atoi(d), atoi(e), &opts);
      if (fd < 0) {
        printf("{\"rc\": %d}\n", -errno);
        continue;
      }
      struct bpf_map_info info = {0};
      unsigned len = sizeof info;
      bpf_obj_get_info_by_fd(fd, &info, &len);
      snprintf(maps[nmaps].name, sizeof maps[nmaps].name, "%s", a);
      maps[nmaps].fd = fd;
      maps[nmaps].id = info.id;
      maps[nmaps].key_size = atoi(c);
      nmaps++;
      printf("{\"rc\": 0}\n");
    } else if (!strcmp(cmd, "update")) {
      unhex(b, key, sizeof key);
      unhex(c, val, sizeof val);
      printf("{\"rc\": %d}\n", rc(bpf_map_update_elem(maps[find(a)].fd, key, val, strtoull(d, 0, 0))));
    } else if (!strcmp(cmd, "setinner")) {
      unhex(b, key, sizeof key);
      unsigned fd = maps[find(c)].fd;
      printf("{\"rc\": %d}\n", rc(bpf_map_update_elem(maps[find(a)].fd, key, &fd, strtoull(d, 0, 0))));
    } else if (!strcmp(cmd, "lookup")) {
      unhex(b, key, sizeof key);
      memset(val, 0, sizeof val);
      int r = rc(bpf_map_lookup_elem_flags(maps[find(a)].fd, key, val, strtoull(c, 0, 0)));
      struct bpf_map_info info = {0};
      unsigned len = sizeof info;
      bpf_obj_get_info_by_fd(maps[find(a)].fd, &info, &len);
      if (!r && (info.type == BPF_MAP_TYPE_ARRAY_OF_MAPS || info.type == BPF_MAP_TYPE_HASH_OF_MAPS)) {
        unsigned id = *(unsigned *)val;
        const char *name = "?";
        for (int i = 0; i < nmaps; i++)
          if (maps[i].id == id) name = maps[i].name;
        printf("{\"rc\": 0, \"map\": \"%s\"}\n", name);
        continue;
      }
      printf("{\"rc\": %d, \"value\": \"", r);
      if (!r) hex(val, atoi(d));
      printf("\"}\n");
    } else if (!strcmp(cmd, "delete")) {
      unhex(b, key, sizeof key);
      printf("{\"rc\": %d}\n", rc(bpf_map_delete_elem(maps[find(a)].fd, key)));
    } else if (!strcmp(cmd, "next")) {
      int m = find(a);
      int has = strcmp(b, "-") != 0;
      if (has) unhex(b, key, sizeof key);
      int r = rc(bpf_map_get_next_key(maps[m].fd, has ? key : NULL, next));
      printf("{\"rc\": %d, \"value\": \"", r);
      if (!r) hex(next, maps[m].key_size);
      printf("\"}\n");
    } else if (!strcmp(cmd, "freeze")) {
      printf("{\"rc\": %d}\n", rc(bpf_map_freeze(maps[find(a)].fd)));
    }
    fflush(stdout);
  }
  return 0;
}
