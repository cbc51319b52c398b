// verdict: accept
/* 24 independent branches in a row: the verifier must prune at the joins, not walk 2^24 paths. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 hits[8];
__u64 misses[8];

SEC("tc")
int prog(struct __sk_buff *skb) {
  __u64 b = bpf_get_prandom_u32();
  if (b & (1ull << 0))
    __sync_fetch_and_add(&hits[0], 1);
  else
    misses[0] += b >> 0;
  if (b & (1ull << 1))
    __sync_fetch_and_add(&hits[1], 2);
  else
    misses[1] += b >> 1;
  if (b & (1ull << 2))
    __sync_fetch_and_add(&hits[2], 3);
  else
    misses[2] += b >> 2;
  if (b & (1ull << 3))
    __sync_fetch_and_add(&hits[3], 4);
  else
    misses[3] += b >> 3;
  if (b & (1ull << 4))
    __sync_fetch_and_add(&hits[4], 5);
  else
    misses[4] += b >> 4;
  if (b & (1ull << 5))
    __sync_fetch_and_add(&hits[5], 6);
  else
    misses[5] += b >> 5;
  if (b & (1ull << 6))
    __sync_fetch_and_add(&hits[6], 7);
  else
    misses[6] += b >> 6;
  if (b & (1ull << 7))
    __sync_fetch_and_add(&hits[7], 8);
  else
    misses[7] += b >> 7;
  if (b & (1ull << 8))
    __sync_fetch_and_add(&hits[0], 9);
  else
    misses[0] += b >> 8;
  if (b & (1ull << 9))
    __sync_fetch_and_add(&hits[1], 10);
  else
    misses[1] += b >> 9;
  if (b & (1ull << 10))
    __sync_fetch_and_add(&hits[2], 11);
  else
    misses[2] += b >> 10;
  if (b & (1ull << 11))
    __sync_fetch_and_add(&hits[3], 12);
  else
    misses[3] += b >> 11;
  if (b & (1ull << 12))
    __sync_fetch_and_add(&hits[4], 13);
  else
    misses[4] += b >> 12;
  if (b & (1ull << 13))
    __sync_fetch_and_add(&hits[5], 14);
  else
    misses[5] += b >> 0;
  if (b & (1ull << 14))
    __sync_fetch_and_add(&hits[6], 15);
  else
    misses[6] += b >> 1;
  if (b & (1ull << 15))
    __sync_fetch_and_add(&hits[7], 16);
  else
    misses[7] += b >> 2;
  if (b & (1ull << 16))
    __sync_fetch_and_add(&hits[0], 17);
  else
    misses[0] += b >> 3;
  if (b & (1ull << 17))
    __sync_fetch_and_add(&hits[1], 18);
  else
    misses[1] += b >> 4;
  if (b & (1ull << 18))
    __sync_fetch_and_add(&hits[2], 19);
  else
    misses[2] += b >> 5;
  if (b & (1ull << 19))
    __sync_fetch_and_add(&hits[3], 20);
  else
    misses[3] += b >> 6;
  if (b & (1ull << 20))
    __sync_fetch_and_add(&hits[4], 21);
  else
    misses[4] += b >> 7;
  if (b & (1ull << 21))
    __sync_fetch_and_add(&hits[5], 22);
  else
    misses[5] += b >> 8;
  if (b & (1ull << 22))
    __sync_fetch_and_add(&hits[6], 23);
  else
    misses[6] += b >> 9;
  if (b & (1ull << 23))
    __sync_fetch_and_add(&hits[7], 24);
  else
    misses[7] += b >> 10;
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
