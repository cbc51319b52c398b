/**
 * Program type and attach target from a SEC() name, as libbpf's section table maps them
 * (exact names like "xdp" or "socket", and prefixes like "tracepoint/" or "kprobe/").
 */
import type { ProgType } from '../object.ts';

const TABLE: [string, ProgType, boolean][] = [
  // [section or prefix, type, is-prefix-with-target]
  ['socket', 'socket_filter', false],
  ['sk_skb', 'socket_filter', false],
  ['kprobe/', 'kprobe', true],
  ['kretprobe/', 'kprobe', true],
  ['uprobe/', 'kprobe', true],
  ['uretprobe/', 'kprobe', true],
  ['ksyscall/', 'kprobe', true],
  ['kretsyscall/', 'kprobe', true],
  ['kprobe.multi/', 'kprobe', true],
  ['tc/ingress', 'sched_cls', false],
  ['tc/egress', 'sched_cls', false],
  ['tcx/ingress', 'sched_cls', false],
  ['tcx/egress', 'sched_cls', false],
  ['tc', 'sched_cls', false],
  ['classifier', 'sched_cls', false],
  ['action', 'sched_act', false],
  ['tracepoint/', 'tracepoint', true],
  ['tp/', 'tracepoint', true],
  ['raw_tracepoint/', 'raw_tracepoint', true],
  ['raw_tp/', 'raw_tracepoint', true],
  ['raw_tracepoint.w/', 'raw_tracepoint', true],
  ['raw_tp.w/', 'raw_tracepoint', true],
  ['tp_btf/', 'tracing', true],
  ['fentry/', 'tracing', true],
  ['fexit/', 'tracing', true],
  ['fmod_ret/', 'tracing', true],
  ['fentry.s/', 'tracing', true],
  ['fexit.s/', 'tracing', true],
  ['iter/', 'tracing', true],
  ['lsm/', 'lsm', true],
  ['lsm.s/', 'lsm', true],
  ['xdp.frags', 'xdp', false],
  ['xdp/', 'xdp', true],
  ['xdp', 'xdp', false],
  ['perf_event', 'perf_event', false],
  ['cgroup_skb/ingress', 'cgroup_skb', false],
  ['cgroup_skb/egress', 'cgroup_skb', false],
  ['cgroup/skb', 'cgroup_skb', false],
];

export function progTypeOf(section: string): { type: ProgType; attachTo: string } | null {
  for (const [name, type, prefix] of TABLE) {
    if (prefix ? section.startsWith(name) : section === name || section.startsWith(`${name}/`)) {
      return { type, attachTo: prefix ? section.slice(name.length) : '' };
    }
  }
  return null;
}
