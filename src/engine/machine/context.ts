/**
 * Event sources: the context each invocation gets, written into the CPU's ctx slot (and packet
 * slot) of the shared memory with the kernel's UAPI layouts, so a program reads its fields at
 * the offsets clang compiled in. Pointers in contexts are engine addresses (byte offsets in the
 * memory), which is also why `xdp_md.data` and `__sk_buff.data`, 32-bit in the UAPI, work as
 * direct pointers here, as the kernel's ctx rewriting makes them.
 *
 * - xdp: struct xdp_md { u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index,
 *   egress_ifindex } over a fresh copy of the packet (64 zero bytes unless given).
 * - tracepoint (raw_syscalls/sys_enter): struct trace_event_raw_sys_enter — trace_entry
 *   { u16 type; u8 flags; u8 preempt_count; s32 pid } at 0, long id at 8, unsigned long
 *   args[6] at 16 (64 bytes). Syscall ids are synthetic: a fixed cycle of common syscalls.
 * - tracing (tp_btf) and raw_tracepoint: an array of u64 args; for sys_enter-like targets
 *   args[0] points at a zeroed struct pt_regs and args[1] is the syscall id.
 * - socket_filter, sched_cls/sched_act (tc), cgroup_skb: struct __sk_buff (192 bytes) with
 *   len, protocol (ETH_P_IP), ifindex, data and data_end over the packet.
 * - others (kprobe, perf_event, lsm): a zeroed 256-byte context.
 */
import type { EngineMemory } from '../memory/index.ts';
import type { ProgType } from '../object.ts';

/** The synthetic syscall ids of successive events: read, write, openat, close, getpid, … */
export const SYSCALL_CYCLE = [0, 1, 257, 3, 39, 4, 9, 228] as const;

/** Synthetic process: what bpf_get_current_pid_tgid's upper half reports by default. */
export const SYNTHETIC_TGID = 4242;

export interface EventContext {
  /** Address handed to the program in r1. */
  ctx: number;
  /** Memory the invocation may touch besides its stack and the heap: [lo, hi) pairs. */
  regions: number[];
}

const PT_REGS_SIZE = 168;

/** Writes the context of event number `event` on `cpu` and returns its address and regions. */
export function fillContext(
  mem: EngineMemory,
  type: ProgType,
  attachTo: string,
  cpu: number,
  event: number,
  packet: Uint8Array,
): EventContext {
  const ctx = mem.ctxAddr(cpu);
  const pkt = mem.packetAddr(cpu);
  const dv = mem.dv;
  mem.u8.fill(0, ctx, ctx + 1024);
  const syscall = SYSCALL_CYCLE[event % SYSCALL_CYCLE.length];
  switch (type) {
    case 'xdp': {
      mem.u8.set(packet, pkt);
      dv.setUint32(ctx, pkt, true);
      dv.setUint32(ctx + 4, pkt + packet.length, true);
      dv.setUint32(ctx + 8, pkt, true);
      dv.setUint32(ctx + 12, 1, true);
      dv.setUint32(ctx + 16, cpu, true);
      return { ctx, regions: [ctx, ctx + 24, pkt, pkt + packet.length] };
    }
    case 'socket_filter':
    case 'sched_cls':
    case 'sched_act':
    case 'cgroup_skb': {
      mem.u8.set(packet, pkt);
      dv.setUint32(ctx + 0, packet.length, true); // len
      dv.setUint32(ctx + 16, 0x0008, true); // protocol: htons(ETH_P_IP)
      dv.setUint32(ctx + 36, 1, true); // ingress_ifindex
      dv.setUint32(ctx + 40, 1, true); // ifindex
      dv.setUint32(ctx + 76, pkt, true); // data
      dv.setUint32(ctx + 80, pkt + packet.length, true); // data_end
      dv.setUint32(ctx + 140, pkt, true); // data_meta
      dv.setUint32(ctx + 160, packet.length, true); // wire_len
      return { ctx, regions: [ctx, ctx + 192, pkt, pkt + packet.length] };
    }
    case 'tracepoint': {
      dv.setUint16(ctx, 0, true);
      dv.setInt32(ctx + 4, SYNTHETIC_TGID, true);
      dv.setBigInt64(ctx + 8, BigInt(syscall), true);
      for (let i = 0; i < 6; i++) dv.setBigUint64(ctx + 16 + 8 * i, BigInt(event * 8 + i), true);
      return { ctx, regions: [ctx, ctx + 64] };
    }
    case 'tracing':
    case 'raw_tracepoint': {
      const regs = ctx + 512;
      if (/sys_enter|sys_exit/.test(attachTo)) {
        dv.setBigUint64(ctx, BigInt(regs), true);
        dv.setBigUint64(ctx + 8, BigInt(syscall), true);
      } else {
        for (let i = 0; i < 12; i++) dv.setBigUint64(ctx + 8 * i, BigInt(event), true);
      }
      return { ctx, regions: [ctx, ctx + 96, regs, regs + PT_REGS_SIZE] };
    }
    default:
      return { ctx, regions: [ctx, ctx + 256] };
  }
}
