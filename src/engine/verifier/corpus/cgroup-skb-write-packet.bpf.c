// verdict: reject
// error: cannot write into packet
/* cgroup_skb programs may read the packet but not write it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/egress")
int prog(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  if (data + 1 > data_end)
    return 1;
  *(__u8 *)data = 0;
  return 1;
}

char LICENSE[] SEC("license") = "GPL";
