/*
 * raw-load: load a program the Lockstep compiler produced straight into the kernel with bpf(2)
 * (no ELF, no libbpf), run it once with BPF_PROG_TEST_RUN and print the global sections.
 * Test support for the compiler's real-kernel test: it shows the kernel's verifier accepts our
 * code and that the kernel computes the same globals as our interpreter.
 *
 * stdin, one item per line:
 *   prog <bpf_prog_type> <license>
 *   map <type> <key_size> <value_size> <max_entries> <flags> <inner:-1|index> <initial hex|->
 *   slot <outer index> <key> <map index>        (map-in-map initial values)
 *   btf <map index> <hex>                       (BTF for a map whose value holds a spin lock:
 *                                                key type id 4, value type id 3)
 *   insns <hex>
 *   packet <hex>
 * stdout: JSON {"loaded":bool,"log":"...","retval":N,"maps":{"<index>":"<hex of key 0>"}}
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *attr) { return syscall(__NR_bpf, cmd, attr, sizeof(*attr)); }

static int unhex(const char *s, unsigned char *out, size_t max) {
  size_t n = 0;
  while (s[0] && s[1] && s[0] != '\n' && n < max) {
    unsigned v;
    if (sscanf(s, "%2x", &v) != 1) break;
    out[n++] = (unsigned char)v;
    s += 2;
  }
  return (int)n;
}

static void json_str(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if (*s == '\n') printf("\\n");
    else if ((unsigned char)*s < 32) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

#define MAXMAPS 64
struct mapdef { unsigned type, key, value, max, flags; int inner; int fd; int btf_fd; unsigned char init[65536]; int init_len; };
static struct mapdef maps[MAXMAPS];
static int nmaps;
static char line[1 << 22];
static unsigned char insns[1 << 21];
static unsigned char packet[4096];
static char logbuf[1 << 20];

int main(void) {
  unsigned prog_type = 0;
  char license[128] = "GPL";
  int ninsn_bytes = 0, npacket = 64;
  int slots[256][3], nslots = 0;
  memset(packet, 0, sizeof(packet));
  while (fgets(line, sizeof(line), stdin)) {
    if (!strncmp(line, "prog ", 5)) sscanf(line + 5, "%u %127s", &prog_type, license);
    else if (!strncmp(line, "map ", 4) && nmaps < MAXMAPS) {
      struct mapdef *m = &maps[nmaps++];
      char init[1 << 17];
      sscanf(line + 4, "%u %u %u %u %u %d %131071s", &m->type, &m->key, &m->value, &m->max, &m->flags, &m->inner, init);
      m->init_len = init[0] == '-' ? 0 : unhex(init, m->init, sizeof(m->init));
    } else if (!strncmp(line, "btf ", 4)) {
      int idx = atoi(line + 4);
      const char *h = strchr(line + 4, ' ');
      static unsigned char blob[4096];
      int n = h ? unhex(h + 1, blob, sizeof(blob)) : 0;
      union bpf_attr b;
      memset(&b, 0, sizeof(b));
      b.btf = (uintptr_t)blob; b.btf_size = n; b.btf_log_buf = (uintptr_t)logbuf; b.btf_log_size = sizeof(logbuf); b.btf_log_level = 1;
      int fd = (int)sys_bpf(BPF_BTF_LOAD, &b);
      if (fd < 0) { printf("{\"loaded\":false,\"log\":\"btf: %s\"}\n", strerror(errno)); return 0; }
      if (idx >= 0 && idx < MAXMAPS) maps[idx].btf_fd = fd;
    } else if (!strncmp(line, "slot ", 5) && nslots < 256) {
      sscanf(line + 5, "%d %d %d", &slots[nslots][0], &slots[nslots][1], &slots[nslots][2]);
      nslots++;
    } else if (!strncmp(line, "insns ", 6)) ninsn_bytes = unhex(line + 6, insns, sizeof(insns));
    else if (!strncmp(line, "packet ", 7)) npacket = unhex(line + 7, packet, sizeof(packet));
  }
  for (int i = 0; i < nmaps; i++) {
    struct mapdef *m = &maps[i];
    union bpf_attr a;
    memset(&a, 0, sizeof(a));
    if (m->inner >= 0) {
      struct mapdef *t = &maps[m->inner];
      union bpf_attr ia;
      memset(&ia, 0, sizeof(ia));
      ia.map_type = t->type; ia.key_size = t->key; ia.value_size = t->value; ia.max_entries = t->max; ia.map_flags = t->flags;
      int tfd = (int)sys_bpf(BPF_MAP_CREATE, &ia);
      if (tfd < 0) { printf("{\"loaded\":false,\"log\":\"inner map template: %s\"}\n", strerror(errno)); return 0; }
      a.inner_map_fd = tfd;
    }
    a.map_type = m->type; a.key_size = m->key; a.value_size = m->value; a.max_entries = m->max; a.map_flags = m->flags;
    if (m->btf_fd > 0) { a.btf_fd = m->btf_fd; a.btf_key_type_id = 4; a.btf_value_type_id = 3; }
    m->fd = (int)sys_bpf(BPF_MAP_CREATE, &a);
    if (m->fd < 0) { printf("{\"loaded\":false,\"log\":\"map %d: %s\"}\n", i, strerror(errno)); return 0; }
    if (m->init_len) {
      uint32_t k = 0;
      union bpf_attr u;
      memset(&u, 0, sizeof(u));
      u.map_fd = m->fd; u.key = (uintptr_t)&k; u.value = (uintptr_t)m->init;
      if (sys_bpf(BPF_MAP_UPDATE_ELEM, &u)) { printf("{\"loaded\":false,\"log\":\"init map %d: %s\"}\n", i, strerror(errno)); return 0; }
    }
    if (m->flags & BPF_F_RDONLY_PROG) { /* .rodata: frozen after init, as libbpf does */
      union bpf_attr f;
      memset(&f, 0, sizeof(f));
      f.map_fd = m->fd;
      sys_bpf(BPF_MAP_FREEZE, &f);
    }
  }
  for (int s = 0; s < nslots; s++) {
    uint32_t k = (uint32_t)slots[s][1];
    uint32_t v = (uint32_t)maps[slots[s][2]].fd;
    union bpf_attr u;
    memset(&u, 0, sizeof(u));
    u.map_fd = maps[slots[s][0]].fd; u.key = (uintptr_t)&k; u.value = (uintptr_t)&v;
    if (sys_bpf(BPF_MAP_UPDATE_ELEM, &u)) { printf("{\"loaded\":false,\"log\":\"slot: %s\"}\n", strerror(errno)); return 0; }
  }
  struct bpf_insn *in = (struct bpf_insn *)insns;
  int n = ninsn_bytes / 8;
  for (int i = 0; i < n; i++) {
    if (in[i].code == (BPF_LD | BPF_DW | BPF_IMM) && (in[i].src_reg == BPF_PSEUDO_MAP_FD || in[i].src_reg == BPF_PSEUDO_MAP_VALUE)) {
      in[i].imm = maps[in[i].imm].fd;
      i++;
    }
  }
  union bpf_attr p;
  memset(&p, 0, sizeof(p));
  p.prog_type = prog_type; p.insns = (uintptr_t)in; p.insn_cnt = n; p.license = (uintptr_t)license;
  p.log_buf = (uintptr_t)logbuf; p.log_size = sizeof(logbuf); p.log_level = 1;
  int fd = (int)sys_bpf(BPF_PROG_LOAD, &p);
  if (fd < 0) {
    printf("{\"loaded\":false,\"log\":");
    json_str(logbuf);
    printf("}\n");
    return 0;
  }
  unsigned char out[4096];
  union bpf_attr r;
  memset(&r, 0, sizeof(r));
  r.test.prog_fd = fd; r.test.data_in = (uintptr_t)packet; r.test.data_size_in = npacket;
  r.test.data_out = (uintptr_t)out; r.test.data_size_out = sizeof(out); r.test.repeat = 1;
  if (sys_bpf(BPF_PROG_TEST_RUN, &r)) { printf("{\"loaded\":true,\"log\":\"test run: %s\"}\n", strerror(errno)); return 0; }
  printf("{\"loaded\":true,\"retval\":%u,\"maps\":{", r.test.retval);
  int first = 1;
  for (int i = 0; i < nmaps; i++) {
    if (maps[i].type != BPF_MAP_TYPE_ARRAY || maps[i].max != 1 || maps[i].value > 65536) continue;
    uint32_t k = 0;
    unsigned char v[65536];
    union bpf_attr u;
    memset(&u, 0, sizeof(u));
    u.map_fd = maps[i].fd; u.key = (uintptr_t)&k; u.value = (uintptr_t)v;
    if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &u)) continue;
    printf("%s\"%d\":\"", first ? "" : ",", i);
    for (unsigned b = 0; b < maps[i].value; b++) printf("%02x", v[b]);
    printf("\"");
    first = 0;
  }
  printf("}}\n");
  return 0;
}
