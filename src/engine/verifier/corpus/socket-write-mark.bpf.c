// verdict: reject
// error: invalid bpf_context access off=8 size=4
/* A socket filter may not write skb->mark. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("socket")
int prog(struct __sk_buff *skb) {
  skb->mark = 42;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
