// verdict: accept
/* A socket filter may write skb->cb[]: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("socket")
int prog(struct __sk_buff *skb) {
  skb->cb[0] = skb->len;
  return skb->cb[0];
}

char LICENSE[] SEC("license") = "GPL";
