// verdict: accept
/* bpf_printk with a format string in .rodata: accepted. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tc")
int prog(struct __sk_buff *skb) {
  bpf_printk("len=%u cpu=%u", skb->len, bpf_get_smp_processor_id());
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
