// verdict: reject
// error: At program exit the register R0 has smin=5 smax=5 should have been in [0, 1]
/* cgroup_skb programs must return 0 or 1. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int prog(struct __sk_buff *skb) {
  return 5;
}

char LICENSE[] SEC("license") = "GPL";
