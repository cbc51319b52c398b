/* Test helper for isa/kernel-disasm.test.ts: loads raw eBPF instructions through
 * bpf(BPF_PROG_LOAD) with log_level 2 and prints the verifier log on stdout.
 *   kernel-log-loader PROG_TYPE FILE
 * FILE holds 8-byte instruction slots. A lddw with src 1 (map fd) or 2 (map value) gets the
 * fd of a one-entry ARRAY map (4-byte key, 64-byte value) created here.
 * Exit status: 0 if the program was accepted, 1 if rejected, 2 on usage or I/O errors. */
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PROG_TYPE FILE\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    perror(argv[2]);
    return 2;
  }
  static struct bpf_insn insns[4096];
  size_t n = fread(insns, sizeof(insns[0]), 4096, f);
  fclose(f);
  int map_fd = -1;
  for (size_t i = 0; i < n; i++) {
    if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && (insns[i].src_reg == 1 || insns[i].src_reg == 2)) {
      if (map_fd < 0) map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "isa_test", 4, 64, 1, NULL);
      if (map_fd < 0) {
        perror("bpf_map_create");
        return 2;
      }
      insns[i].imm = map_fd;
    }
  }
  static char log[1 << 22];
  LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log), .log_level = 2);
  int fd = bpf_prog_load(atoi(argv[1]), "isa_test", "GPL", insns, n, &opts);
  int err = errno;
  fputs(log, stdout);
  if (fd < 0) {
    fprintf(stderr, "rejected: %s\n", strerror(err));
    return 1;
  }
  close(fd);
  return 0;
}
