// verdict: accept
/* A TC program may write skb->mark: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tc")
int prog(struct __sk_buff *skb) {
  skb->mark = 42;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
