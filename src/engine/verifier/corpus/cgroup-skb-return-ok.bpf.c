// verdict: accept
/* cgroup_skb returning 1: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int prog(struct __sk_buff *skb) {
  return 1;
}

char LICENSE[] SEC("license") = "GPL";
