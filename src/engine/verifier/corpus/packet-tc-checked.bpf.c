// verdict: accept
/* Direct packet access in a TC program after a bounds check: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tc")
int prog(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  struct ethhdr *eth = data;
  if (data + sizeof(*eth) > data_end)
    return 0;
  return eth->h_proto == 8;
}

char LICENSE[] SEC("license") = "GPL";
