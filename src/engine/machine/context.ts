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

// Contexts are written with aligned 32-bit stores on the memory's Int32Array: DataView and
// TypedArray.fill are slow on shared buffers, and this runs once per event.
function zero(i32: Int32Array, addr: number, bytes: number): void {
  for (let w = addr >> 2, end = (addr + bytes) >> 2; w < end; w++) i32[w] = 0;
}

function set32(i32: Int32Array, addr: number, v: number): void {
  i32[addr >> 2] = v;
}

/** A 64-bit field from a non-negative safe integer. */
function set64(i32: Int32Array, addr: number, v: number): void {
  i32[addr >> 2] = v | 0;
  i32[(addr >> 2) + 1] = Math.floor(v / 4294967296) | 0;
}

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
  const i32 = mem.i32;
  const syscall = SYSCALL_CYCLE[event % SYSCALL_CYCLE.length];
  switch (type) {
    case 'xdp': {
      mem.u8.set(packet, pkt);
      zero(i32, ctx, 24);
      set32(i32, ctx, pkt);
      set32(i32, ctx + 4, pkt + packet.length);
      set32(i32, ctx + 8, pkt);
      set32(i32, ctx + 12, 1);
      set32(i32, ctx + 16, cpu);
      return { ctx, regions: [ctx, ctx + 24, pkt, pkt + packet.length] };
    }
    case 'socket_filter':
    case 'sched_cls':
    case 'sched_act':
    case 'cgroup_skb': {
      mem.u8.set(packet, pkt);
      zero(i32, ctx, 192);
      set32(i32, ctx + 0, packet.length); // len
      set32(i32, ctx + 16, 0x0008); // protocol: htons(ETH_P_IP)
      set32(i32, ctx + 36, 1); // ingress_ifindex
      set32(i32, ctx + 40, 1); // ifindex
      set32(i32, ctx + 76, pkt); // data
      set32(i32, ctx + 80, pkt + packet.length); // data_end
      set32(i32, ctx + 140, pkt); // data_meta
      set32(i32, ctx + 160, packet.length); // wire_len
      return { ctx, regions: [ctx, ctx + 192, pkt, pkt + packet.length] };
    }
    case 'tracepoint': {
      // trace_entry: type 0, flags 0, preempt_count 0, pid.
      set32(i32, ctx, 0);
      set32(i32, ctx + 4, SYNTHETIC_TGID);
      set64(i32, ctx + 8, syscall);
      for (let i = 0; i < 6; i++) set64(i32, ctx + 16 + 8 * i, event * 8 + i);
      return { ctx, regions: [ctx, ctx + 64] };
    }
    case 'tracing':
    case 'raw_tracepoint': {
      const regs = ctx + 512;
      zero(i32, ctx, 96);
      zero(i32, regs, PT_REGS_SIZE);
      if (/sys_enter|sys_exit/.test(attachTo)) {
        set64(i32, ctx, regs);
        set64(i32, ctx + 8, syscall);
      } else {
        for (let i = 0; i < 12; i++) set64(i32, ctx + 8 * i, event);
      }
      return { ctx, regions: [ctx, ctx + 96, regs, regs + PT_REGS_SIZE] };
    }
    default:
      zero(i32, ctx, 256);
      return { ctx, regions: [ctx, ctx + 256] };
  }
}
