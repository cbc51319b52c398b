/**
 * The UAPI part shared by the shipped `vmlinux.h` and `linux/bpf.h`: map types and flags,
 * XDP actions, and the BPF program context structs the labs use, with the kernel's field
 * order and offsets (checked against the kernel's BTF by the compiler's tests). Not the whole
 * kernel: a curated subset; anything else is reported as an unknown type.
 */
export const uapiTypes = `
#ifndef __LOCKSTEP_UAPI_BPF__
#define __LOCKSTEP_UAPI_BPF__

enum bpf_map_type {
  BPF_MAP_TYPE_UNSPEC = 0,
  BPF_MAP_TYPE_HASH = 1,
  BPF_MAP_TYPE_ARRAY = 2,
  BPF_MAP_TYPE_PROG_ARRAY = 3,
  BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
  BPF_MAP_TYPE_PERCPU_HASH = 5,
  BPF_MAP_TYPE_PERCPU_ARRAY = 6,
  BPF_MAP_TYPE_STACK_TRACE = 7,
  BPF_MAP_TYPE_CGROUP_ARRAY = 8,
  BPF_MAP_TYPE_LRU_HASH = 9,
  BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
  BPF_MAP_TYPE_LPM_TRIE = 11,
  BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
  BPF_MAP_TYPE_HASH_OF_MAPS = 13,
  BPF_MAP_TYPE_RINGBUF = 27,
};

enum {
  BPF_ANY = 0,
  BPF_NOEXIST = 1,
  BPF_EXIST = 2,
  BPF_F_LOCK = 4,
};

enum {
  BPF_F_NO_PREALLOC = 1,
  BPF_F_NO_COMMON_LRU = 2,
  BPF_F_NUMA_NODE = 4,
  BPF_F_RDONLY = 8,
  BPF_F_WRONLY = 16,
  BPF_F_RDONLY_PROG = 128,
  BPF_F_WRONLY_PROG = 256,
  BPF_F_INNER_MAP = 4096,
};

enum xdp_action {
  XDP_ABORTED = 0,
  XDP_DROP = 1,
  XDP_PASS = 2,
  XDP_TX = 3,
  XDP_REDIRECT = 4,
};

enum {
  TC_ACT_UNSPEC = -1,
  TC_ACT_OK = 0,
  TC_ACT_RECLASSIFY = 1,
  TC_ACT_SHOT = 2,
  TC_ACT_PIPE = 3,
};

struct bpf_spin_lock {
  __u32 val;
};

struct xdp_md {
  __u32 data;
  __u32 data_end;
  __u32 data_meta;
  __u32 ingress_ifindex;
  __u32 rx_queue_index;
  __u32 egress_ifindex;
};

struct __sk_buff {
  __u32 len;
  __u32 pkt_type;
  __u32 mark;
  __u32 queue_mapping;
  __u32 protocol;
  __u32 vlan_present;
  __u32 vlan_tci;
  __u32 vlan_proto;
  __u32 priority;
  __u32 ingress_ifindex;
  __u32 ifindex;
  __u32 tc_index;
  __u32 cb[5];
  __u32 hash;
  __u32 tc_classid;
  __u32 data;
  __u32 data_end;
  __u32 napi_id;
  __u32 family;
  __u32 remote_ip4;
  __u32 local_ip4;
  __u32 remote_ip6[4];
  __u32 local_ip6[4];
  __u32 remote_port;
  __u32 local_port;
  __u32 data_meta;
};

struct bpf_raw_tracepoint_args {
  __u64 args[0];
};

#endif
`;

/** Kernel-internal types that vmlinux.h has and linux/bpf.h does not. */
export const kernelTypes = `
#ifndef __LOCKSTEP_KERNEL_TYPES__
#define __LOCKSTEP_KERNEL_TYPES__

struct trace_entry {
  unsigned short type;
  unsigned char flags;
  unsigned char preempt_count;
  int pid;
};

struct trace_event_raw_sys_enter {
  struct trace_entry ent;
  long int id;
  long unsigned int args[6];
  char __data[0];
};

struct trace_event_raw_sys_exit {
  struct trace_entry ent;
  long int id;
  long int ret;
  char __data[0];
};

struct ethhdr {
  unsigned char h_dest[6];
  unsigned char h_source[6];
  __be16 h_proto;
};

struct pt_regs {
  long unsigned int r15;
  long unsigned int r14;
  long unsigned int r13;
  long unsigned int r12;
  long unsigned int bp;
  long unsigned int bx;
  long unsigned int r11;
  long unsigned int r10;
  long unsigned int r9;
  long unsigned int r8;
  long unsigned int ax;
  long unsigned int cx;
  long unsigned int dx;
  long unsigned int si;
  long unsigned int di;
  long unsigned int orig_ax;
  long unsigned int ip;
  long unsigned int cs;
  long unsigned int flags;
  long unsigned int sp;
  long unsigned int ss;
};

#endif
`;
