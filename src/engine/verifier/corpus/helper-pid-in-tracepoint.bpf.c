// verdict: accept
/* bpf_get_current_pid_tgid in a tracepoint program: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __type(key, __u32);
  __type(value, __u64);
  __uint(max_entries, 16);
} counts SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int prog(void *ctx) {
  __u32 key = bpf_get_current_pid_tgid() & 15;
  __u64 one = 1;
  bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
