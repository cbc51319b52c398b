/**
 * SEC("...") name → kernel program type and attach target, following libbpf's section
 * conventions (the subset the course's program types use). Unknown sections give null.
 */
import type { ProgType } from '../object.ts';

const PREFIXES: [string, ProgType, boolean][] = [
  // [prefix, type, prefix must be followed by '/' or be the whole name]
  ['socket', 'socket_filter', false],
  ['kprobe', 'kprobe', true],
  ['kretprobe', 'kprobe', true],
  ['uprobe', 'kprobe', true],
  ['uretprobe', 'kprobe', true],
  ['ksyscall', 'kprobe', true],
  ['kretsyscall', 'kprobe', true],
  ['tracepoint', 'tracepoint', true],
  ['tp', 'tracepoint', true],
  ['raw_tracepoint', 'raw_tracepoint', true],
  ['raw_tp', 'raw_tracepoint', true],
  ['tp_btf', 'tracing', true],
  ['fentry', 'tracing', true],
  ['fexit', 'tracing', true],
  ['fmod_ret', 'tracing', true],
  ['xdp', 'xdp', true],
  ['xdp.frags', 'xdp', true],
  ['tc', 'sched_cls', true],
  ['classifier', 'sched_cls', true],
  ['action', 'sched_act', true],
  ['perf_event', 'perf_event', true],
  ['cgroup_skb', 'cgroup_skb', true],
  ['lsm', 'lsm', true],
];

export function progTypeOfSection(section: string): { type: ProgType; attachTo: string } | null {
  let best: { type: ProgType; attachTo: string; len: number } | null = null;
  for (const [prefix, type, slash] of PREFIXES) {
    const exact = section === prefix;
    const sub = section.startsWith(`${prefix}/`);
    const loose = !slash && section.startsWith(prefix);
    if (!(exact || sub || loose)) continue;
    if (best && best.len >= prefix.length) continue;
    best = { type, attachTo: sub ? section.slice(prefix.length + 1) : '', len: prefix.length };
  }
  return best && { type: best.type, attachTo: best.attachTo };
}
