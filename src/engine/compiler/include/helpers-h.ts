/**
 * `bpf/bpf_helpers.h` and `bpf/bpf_helper_defs.h`: the macros libbpf programs use (SEC,
 * __uint/__type/__array, inline attributes, bpf_printk) and helper prototypes in libbpf's
 * own form — a static function pointer initialised with the kernel's helper id, which the
 * compiler turns into `call <id>`. Only the helpers the engine and course use are declared.
 */
export const helperDefs = `
#ifndef __LOCKSTEP_BPF_HELPER_DEFS__
#define __LOCKSTEP_BPF_HELPER_DEFS__
struct bpf_spin_lock;
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *) 2;
static long (*bpf_map_delete_elem)(void *map, const void *key) = (void *) 3;
static long (*bpf_probe_read)(void *dst, __u32 size, const void *unsafe_ptr) = (void *) 4;
static __u64 (*bpf_ktime_get_ns)(void) = (void *) 5;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *) 6;
static __u32 (*bpf_get_prandom_u32)(void) = (void *) 7;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *) 8;
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *) 14;
static __u64 (*bpf_get_current_uid_gid)(void) = (void *) 15;
static long (*bpf_get_current_comm)(void *buf, __u32 size_of_buf) = (void *) 16;
static long (*bpf_redirect)(__u32 ifindex, __u64 flags) = (void *) 23;
static long (*bpf_xdp_adjust_head)(struct xdp_md *xdp_md, int delta) = (void *) 44;
static long (*bpf_spin_lock)(struct bpf_spin_lock *lock) = (void *) 93;
static long (*bpf_spin_unlock)(struct bpf_spin_lock *lock) = (void *) 94;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *unsafe_ptr) = (void *) 113;
static __u64 (*bpf_ktime_get_boot_ns)(void) = (void *) 125;
#endif
`;

export const bpfHelpers = `
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__
#include "bpf_helper_defs.h"

#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

#define SEC(name) __attribute__((section(name), used))

#undef __always_inline
#define __always_inline inline __attribute__((always_inline))
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __hidden
#define __hidden __attribute__((visibility("hidden")))
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif

#define barrier() asm volatile("" ::: "memory")

#define __bpf_printk(fmt, ...) ({ char ____fmt[] = fmt; bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); })
#define bpf_printk(fmt, args...) __bpf_printk(fmt, ##args)

#endif
`;

export const bpfTracing = `
#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__
#define PT_REGS_PARM1(x) ((x)->di)
#define PT_REGS_PARM2(x) ((x)->si)
#define PT_REGS_PARM3(x) ((x)->dx)
#define PT_REGS_PARM4(x) ((x)->cx)
#define PT_REGS_PARM5(x) ((x)->r8)
#define PT_REGS_RET(x) ((x)->sp)
#define PT_REGS_RC(x) ((x)->ax)
#define PT_REGS_SP(x) ((x)->sp)
#define PT_REGS_IP(x) ((x)->ip)

#define ___bpf_concat(a, b) a ## b
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

#define ___bpf_ctx_cast0() ctx
#define ___bpf_ctx_cast1(x) ___bpf_ctx_cast0(), (void *)ctx[0]
#define ___bpf_ctx_cast2(x, args...) ___bpf_ctx_cast1(args), (void *)ctx[1]
#define ___bpf_ctx_cast3(x, args...) ___bpf_ctx_cast2(args), (void *)ctx[2]
#define ___bpf_ctx_cast4(x, args...) ___bpf_ctx_cast3(args), (void *)ctx[3]
#define ___bpf_ctx_cast5(x, args...) ___bpf_ctx_cast4(args), (void *)ctx[4]
#define ___bpf_ctx_cast(args...) ___bpf_apply(___bpf_ctx_cast, ___bpf_narg(args))(args)

/* BPF_PROG(name, args...): tp_btf/fentry programs with typed arguments (at most 4 here). */
#define BPF_PROG(name, args...)						\
name(unsigned long long *ctx);						\
static __always_inline typeof(name(0))					\
____##name(unsigned long long *ctx, ##args);				\
typeof(name(0)) name(unsigned long long *ctx)				\
{									\
	return ____##name(___bpf_ctx_cast(args));			\
}									\
static __always_inline typeof(name(0))					\
____##name(unsigned long long *ctx, ##args)
#endif
`;

export const bpfEndian = `
#ifndef __BPF_ENDIAN__
#define __BPF_ENDIAN__
#define ___bpf_swab16(x) ((__u16)((((__u16)(x) & 0xffU) << 8) | (((__u16)(x) & 0xff00U) >> 8)))
#define ___bpf_swab32(x) ((__u32)((((__u32)(x) & 0xffU) << 24) | (((__u32)(x) & 0xff00U) << 8) | (((__u32)(x) & 0xff0000U) >> 8) | (((__u32)(x) & 0xff000000U) >> 24)))
#define bpf_htons(x) ___bpf_swab16(x)
#define bpf_ntohs(x) ___bpf_swab16(x)
#define bpf_htonl(x) ___bpf_swab32(x)
#define bpf_ntohl(x) ___bpf_swab32(x)
#endif
`;
