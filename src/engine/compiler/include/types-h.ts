/** `linux/types.h` and the integer typedefs of `vmlinux.h` (kernel spellings). */
export const linuxTypes = `
#ifndef __LOCKSTEP_LINUX_TYPES__
#define __LOCKSTEP_LINUX_TYPES__
typedef signed char __s8;
typedef unsigned char __u8;
typedef short int __s16;
typedef short unsigned int __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long int __s64;
typedef long long unsigned int __u64;
typedef __u16 __be16;
typedef __u16 __le16;
typedef __u32 __be32;
typedef __u32 __le32;
typedef __u64 __be64;
typedef __u64 __le64;
typedef __u32 __wsum;
typedef __u16 __sum16;
#endif
`;

export const kernelIntTypes = `
#ifndef __LOCKSTEP_KERNEL_INTS__
#define __LOCKSTEP_KERNEL_INTS__
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;
typedef _Bool bool;
enum {
  false = 0,
  true = 1,
};
typedef long unsigned int size_t;
typedef long int ssize_t;
typedef int pid_t;
#endif
`;
