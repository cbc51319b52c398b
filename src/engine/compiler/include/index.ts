/**
 * The headers the engine ships, by include name. They are TypeScript strings (not files on
 * disk) so the compiler runs unchanged in the browser. A curated subset of what clang sees
 * with libbpf and a bpftool-generated vmlinux.h: enough for the course and its corpus, with
 * the same names, values and layouts.
 */
import { bpfEndian, bpfHelpers, bpfTracing, helperDefs } from './helpers-h.ts';
import { kernelIntTypes, linuxTypes } from './types-h.ts';
import { kernelTypes, uapiTypes } from './uapi.ts';

export const shippedHeaders: Record<string, string> = {
  'vmlinux.h': `#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n${linuxTypes}${kernelIntTypes}${uapiTypes}${kernelTypes}#endif\n`,
  'linux/types.h': linuxTypes,
  'linux/bpf.h': `${linuxTypes}${uapiTypes}`,
  'bpf/bpf_helpers.h': bpfHelpers,
  'bpf/bpf_helper_defs.h': helperDefs,
  'bpf_helper_defs.h': helperDefs,
  'bpf/bpf_tracing.h': bpfTracing,
  'bpf/bpf_endian.h': bpfEndian,
  'linux/if_ether.h':
    '#ifndef ETH_P_IP\n#define ETH_HLEN 14\n#define ETH_ALEN 6\n#define ETH_P_IP 0x0800\n#define ETH_P_IPV6 0x86DD\n#define ETH_P_ARP 0x0806\n#endif\n',
  'stdbool.h':
    '#ifndef __bool_true_false_are_defined\n#define bool _Bool\n#define true 1\n#define false 0\n#define __bool_true_false_are_defined 1\n#endif\n',
  'stddef.h':
    '#ifndef NULL\n#define NULL ((void *)0)\n#endif\n#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)\n',
};
