/*
 * Lockstep real-kernel oracle (test support, built on demand by oracle.ts; never committed as a
 * binary). Talks to this machine's kernel through libbpf and prints one JSON document on stdout.
 *
 *   oracle load OBJ LOGLEVEL
 *     For each program of OBJ: open the object afresh, load only that program with its own
 *     verifier log buffer, report {name, section, accepted, errno, log, libbpf, insns}.
 *   oracle raw OBJ PROGTYPE ATTACHTYPE ATTACHNAME LEVEL LICENSE INSNS_HEX MAPSPEC...
 *     Load the maps of OBJ (no programs), then BPF_PROG_LOAD the given instructions (relocated
 *     as in the engine: lddw src=1/2 imm = index into the MAPSPECs "name:type:key:value:max")
 *     with the maps' fds, so instructions from another compiler meet this kernel's verifier.
 *   oracle run OBJ PROG PACKET_HEX REPEAT
 *     Load PROG (only), BPF_PROG_TEST_RUN it once with REPEAT repetitions on PACKET_HEX, then
 *     dump every map of the object (including .bss/.data/.rodata) as hex keys and values.
 *
 * Everything is released before exit (bpf_object__close), so nothing stays loaded.
 * It is not a loader for labs (src/runner does that); it exists so tests can ask the kernel.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_SIZE (64u << 20)

static char libbpf_msgs[1 << 16];
static size_t libbpf_len;

/* Collect libbpf's own messages (they explain failures that happen before the kernel sees a
 * program, e.g. a bad relocation); shown to the caller instead of going to stderr. */
static int collect(enum libbpf_print_level level, const char *fmt, va_list ap) {
  if (level == LIBBPF_DEBUG) return 0;
  if (libbpf_len < sizeof(libbpf_msgs) - 1) {
    int n = vsnprintf(libbpf_msgs + libbpf_len, sizeof(libbpf_msgs) - libbpf_len, fmt, ap);
    if (n > 0) libbpf_len += (size_t)n;
    if (libbpf_len > sizeof(libbpf_msgs) - 1) libbpf_len = sizeof(libbpf_msgs) - 1;
  }
  return 0;
}

static void json_str(const char *s, size_t n) {
  putchar('"');
  for (size_t i = 0; i < n && s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 0x20 || c >= 0x7f) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void json_hex(const void *p, size_t n) {
  const unsigned char *b = p;
  putchar('"');
  for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
  putchar('"');
}

static struct bpf_object *open_only(const char *path, const char *only, struct bpf_program **out) {
  struct bpf_object *obj = bpf_object__open_file(path, NULL);
  if (!obj) return NULL;
  struct bpf_program *p;
  *out = NULL;
  bpf_object__for_each_program(p, obj) {
    int me = strcmp(bpf_program__name(p), only) == 0;
    bpf_program__set_autoload(p, me);
    if (me) *out = p;
  }
  return obj;
}

static int cmd_load(const char *path, int level) {
  struct bpf_object *names = bpf_object__open_file(path, NULL);
  if (!names) {
    printf("{\"error\":");
    json_str(libbpf_msgs, libbpf_len);
    printf("}\n");
    return 2;
  }
  char *log = malloc(LOG_SIZE);
  if (!log) return 3;
  printf("{\"programs\":[");
  struct bpf_program *np;
  int first = 1;
  bpf_object__for_each_program(np, names) {
    struct bpf_program *p;
    libbpf_len = 0;
    libbpf_msgs[0] = 0;
    log[0] = 0;
    struct bpf_object *obj = open_only(path, bpf_program__name(np), &p);
    if (!obj || !p) return 2;
    bpf_program__set_log_buf(p, log, LOG_SIZE);
    bpf_program__set_log_level(p, level);
    int err = bpf_object__load(obj);
    printf("%s{\"name\":", first ? "" : ",");
    first = 0;
    json_str(bpf_program__name(p), 256);
    printf(",\"section\":");
    json_str(bpf_program__section_name(p), 256);
    printf(",\"accepted\":%s,\"errno\":%d,\"log\":", err ? "false" : "true", err ? -err : 0);
    json_str(log, LOG_SIZE);
    printf(",\"libbpf\":");
    json_str(libbpf_msgs, libbpf_len);
    printf(",\"insns\":");
    json_hex(bpf_program__insns(p), bpf_program__insn_cnt(p) * 8);
    printf("}");
    bpf_object__close(obj);
  }
  printf("]}\n");
  bpf_object__close(names);
  free(log);
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void dump_map(struct bpf_map *m, int first) {
  int fd = bpf_map__fd(m);
  size_t ks = bpf_map__key_size(m), vs = bpf_map__value_size(m);
  enum bpf_map_type t = bpf_map__type(m);
  if (t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH)
    vs = ((vs + 7) / 8) * 8 * (size_t)libbpf_num_possible_cpus();
  /* Internal maps are keyed by their section name (.bss/.data/.rodata), as the ELF has them. */
  const char *name = bpf_map__name(m);
  if (bpf_map__is_internal(m)) {
    const char *dot = strchr(name, '.');
    if (dot) name = dot;
  }
  printf("%s", first ? "" : ",");
  json_str(name, 256);
  printf(":[");
  unsigned char *key = calloc(1, ks + 8), *next = calloc(1, ks + 8), *val = calloc(1, vs + 8);
  int n = 0, have = 0;
  while (bpf_map_get_next_key(fd, have ? key : NULL, next) == 0) {
    memcpy(key, next, ks);
    have = 1;
    if (bpf_map_lookup_elem(fd, key, val) != 0) continue;
    printf("%s{\"key\":", n++ ? "," : "");
    json_hex(key, ks);
    printf(",\"value\":");
    json_hex(val, vs);
    printf("}");
  }
  printf("]");
  free(key);
  free(next);
  free(val);
}

static int cmd_run(const char *path, const char *prog, const char *hex, int repeat) {
  struct bpf_program *p;
  struct bpf_object *obj = open_only(path, prog, &p);
  if (!obj || !p) {
    printf("{\"error\":\"no program %s\"}\n", prog);
    return 2;
  }
  int err = bpf_object__load(obj);
  if (err) {
    printf("{\"error\":");
    json_str(libbpf_msgs, libbpf_len);
    printf("}\n");
    bpf_object__close(obj);
    return 2;
  }
  size_t n = strlen(hex) / 2;
  unsigned char *pkt = calloc(1, n + 1);
  for (size_t i = 0; i < n; i++) pkt[i] = (unsigned char)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
  unsigned char *out = calloc(1, n + 4096);
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = (unsigned)n, .data_out = out,
              .data_size_out = (unsigned)n + 4096, .repeat = repeat);
  err = bpf_prog_test_run_opts(bpf_program__fd(p), &opts);
  if (err) {
    printf("{\"error\":\"BPF_PROG_TEST_RUN failed: %s\"}\n", strerror(errno));
    bpf_object__close(obj);
    return 2;
  }
  printf("{\"retval\":%u,\"duration\":%u,\"maps\":{", opts.retval, opts.duration);
  struct bpf_map *m;
  int first = 1;
  bpf_object__for_each_map(m, obj) {
    dump_map(m, first);
    first = 0;
  }
  printf("}}\n");
  bpf_object__close(obj);
  free(pkt);
  free(out);
  return 0;
}

static int map_fd_for(struct bpf_object *obj, const char *spec, int *created) {
  char name[256], init[8192] = "";
  unsigned type, ks, vs, max, flags = 0;
  if (sscanf(spec, "%255[^:]:%u:%u:%u:%u:%u:%8191s", name, &type, &ks, &vs, &max, &flags, init) < 5) return -1;
  struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
  if (m && bpf_map__type(m) == type && bpf_map__key_size(m) == ks && bpf_map__value_size(m) == vs &&
      bpf_map__max_entries(m) == max)
    return bpf_map__fd(m);
  *created = 1;
  /* Not in the clang object (or laid out differently): a plain map without BTF, holding the
   * engine's initial bytes and frozen if read-only, as libbpf does for .rodata. */
  LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = flags);
  int fd = bpf_map_create(type, NULL, ks, vs, max, &mo);
  size_t n = strlen(init) / 2;
  if (fd >= 0 && n > 0 && n <= vs) {
    unsigned char *val = calloc(1, vs);
    for (size_t i = 0; i < n; i++) val[i] = (unsigned char)(hexval(init[2 * i]) * 16 + hexval(init[2 * i + 1]));
    unsigned zero = 0;
    bpf_map_update_elem(fd, &zero, val, BPF_ANY);
    free(val);
  }
  if (fd >= 0 && (flags & BPF_F_RDONLY_PROG)) bpf_map_freeze(fd);
  return fd;
}

static int cmd_raw(char **argv, int nmaps, char **specs) {
  struct bpf_object *obj = bpf_object__open_file(argv[0], NULL);
  if (!obj) {
    printf("{\"error\":\"cannot open object\"}\n");
    return 2;
  }
  struct bpf_program *p;
  bpf_object__for_each_program(p, obj) bpf_program__set_autoload(p, 0);
  if (bpf_object__load(obj)) {
    printf("{\"error\":");
    json_str(libbpf_msgs, libbpf_len);
    printf("}\n");
    return 2;
  }
  int fds[256], created[256] = {0};
  for (int i = 0; i < nmaps && i < 256; i++) fds[i] = map_fd_for(obj, specs[i], &created[i]);
  const char *hex = argv[6];
  size_t n = strlen(hex) / 16;
  struct bpf_insn *insns = calloc(n + 1, sizeof(*insns));
  unsigned char *raw = (unsigned char *)insns;
  for (size_t i = 0; i < n * 8; i++) raw[i] = (unsigned char)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
  for (size_t i = 0; i + 1 < n; i++) {
    if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW)) {
      if ((insns[i].src_reg == 1 || insns[i].src_reg == 2) && insns[i].imm >= 0 && insns[i].imm < nmaps)
        insns[i].imm = fds[insns[i].imm];
      i++;
    }
  }
  char *log = malloc(LOG_SIZE);
  log[0] = 0;
  LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = LOG_SIZE, .log_level = (unsigned)atoi(argv[4]),
              .expected_attach_type = (enum bpf_attach_type)atoi(argv[2]));
  if (argv[3][0]) {
    int id = libbpf_find_vmlinux_btf_id(argv[3], opts.expected_attach_type);
    if (id > 0) opts.attach_btf_id = (unsigned)id;
  }
  int fd = bpf_prog_load((enum bpf_prog_type)atoi(argv[1]), "lockstep", argv[5], insns, n, &opts);
  int err = fd < 0 ? errno : 0;
  printf("{\"accepted\":%s,\"errno\":%d,\"log\":", fd >= 0 ? "true" : "false", err);
  json_str(log, LOG_SIZE);
  printf("}\n");
  if (fd >= 0) close(fd);
  for (int i = 0; i < nmaps && i < 256; i++)
    if (created[i] && fds[i] >= 0) close(fds[i]);
  bpf_object__close(obj);
  free(log);
  free(insns);
  return 0;
}

int main(int argc, char **argv) {
  libbpf_set_print(collect);
  if (argc == 4 && strcmp(argv[1], "load") == 0) return cmd_load(argv[2], atoi(argv[3]));
  if (argc >= 9 && strcmp(argv[1], "raw") == 0) return cmd_raw(argv + 2, argc - 9, argv + 9);
  if (argc == 6 && strcmp(argv[1], "run") == 0) return cmd_run(argv[2], argv[3], argv[4], atoi(argv[5]));
  fprintf(stderr, "usage: oracle load OBJ LEVEL | oracle run OBJ PROG PACKET_HEX REPEAT\n");
  return 64;
}
