// verdict: reject
// error: invalid bpf_context access off=76 size=4
/* Socket filters cannot read skb->data directly. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("socket")
int prog(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  return data != 0;
}

char LICENSE[] SEC("license") = "GPL";
