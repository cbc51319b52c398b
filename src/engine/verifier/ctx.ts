/**
 * Context access rules per program type (the kernel's *_is_valid_access callbacks, reduced to
 * what the course's program types use): which offsets and sizes of the context may be read or
 * written, and which loads produce packet pointers. Anything not allowed gets the kernel's
 * `invalid bpf_context access off=%d size=%d`.
 */
import type { ProgType } from '../object.ts';
import type { RegType } from './state.ts';

export type CtxResult = { ok: false } | { ok: true; type: RegType };

const NO: CtxResult = { ok: false };
const SCALAR: CtxResult = { ok: true, type: 'scalar' };

/** struct xdp_md: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex. */
function xdp(off: number, size: number, write: boolean): CtxResult {
  if (off < 0 || off >= 24 || off % size !== 0 || write || size !== 4) return NO;
  if (off === 0) return { ok: true, type: 'pkt' };
  if (off === 4) return { ok: true, type: 'pkt_end' };
  if (off === 8) return { ok: true, type: 'pkt_meta' };
  return SCALAR;
}

// struct __sk_buff field offsets the rules need.
const SKB_SIZE = 192;
const SKB = {
  mark: 8,
  queueMapping: 12,
  priority: 32,
  tcIndex: 44,
  cb0: 48,
  cbEnd: 68,
  tcClassid: 72,
  data: 76,
  dataEnd: 80,
  dataMeta: 140,
};
const SKB_U64 = new Set([144, 152, 168, 184]); // flow_keys, tstamp, sk, hwtstamp

function skb(type: ProgType, off: number, size: number, write: boolean): CtxResult {
  if (off < 0 || off >= SKB_SIZE || off % size !== 0) return NO;
  const field = SKB_U64.has(off - (off % 8)) ? off - (off % 8) : off - (off % 4);
  if (SKB_U64.has(field) ? size !== 8 : size > 4) return NO;
  const tc = type === 'sched_cls' || type === 'sched_act';
  if (write) {
    const cb = field >= SKB.cb0 && field < SKB.cbEnd;
    if (size !== 4 && !(tc && field === 152)) return NO;
    if (cb) return SCALAR;
    if (type === 'socket_filter') return NO;
    if (field === SKB.mark || field === SKB.priority) return SCALAR;
    if (tc && (field === SKB.tcIndex || field === SKB.tcClassid || field === SKB.queueMapping || field === 152))
      return SCALAR;
    return NO;
  }
  if (field === SKB.data || field === SKB.dataEnd || field === SKB.dataMeta) {
    if (size !== 4 || type === 'socket_filter') return NO;
    if (field === SKB.dataMeta && !tc) return NO;
    return { ok: true, type: field === SKB.data ? 'pkt' : field === SKB.dataEnd ? 'pkt_end' : 'pkt_meta' };
  }
  if (field === SKB.tcClassid && !tc) return NO;
  return SCALAR;
}

/**
 * Arguments of the BTF tracepoints the course uses (tp_btf/<name>: the kernel reads the count
 * from vmlinux BTF; the engine has no vmlinux BTF, so unknown targets allow the maximum, 12).
 */
const TP_BTF_ARGS: Record<string, number> = {
  sys_enter: 2,
  sys_exit: 2,
  sched_switch: 4,
  sched_wakeup: 1,
  sched_process_exit: 1,
};

/** Check one context access. */
export function ctxAccess(type: ProgType, off: number, size: number, write: boolean, attachTo = ''): CtxResult {
  switch (type) {
    case 'xdp':
      return xdp(off, size, write);
    case 'socket_filter':
    case 'sched_cls':
    case 'sched_act':
    case 'cgroup_skb':
      return skb(type, off, size, write);
    case 'tracepoint':
      // Tracepoint buffers are read-only; the size is checked against the event at attach time.
      return write || off < 0 || off >= 2048 || off % size !== 0 ? NO : SCALAR;
    case 'raw_tracepoint':
      return write || off < 0 || off >= 8 * 12 || off % size !== 0 ? NO : SCALAR;
    case 'tracing':
    case 'lsm': {
      // Arguments are u64 slots; pointer arguments are read as plain numbers here (the kernel
      // types them from BTF, which the engine does not have).
      const nargs = TP_BTF_ARGS[attachTo] ?? 12;
      return write || off < 0 || off >= 8 * nargs || off % size !== 0 ? NO : SCALAR;
    }
    case 'kprobe':
    case 'perf_event':
      return write || off < 0 || off >= 168 || off % size !== 0 ? NO : SCALAR;
  }
}
