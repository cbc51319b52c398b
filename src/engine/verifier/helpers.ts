/**
 * Helper prototypes the verifier knows (argument and return types, as the kernel's
 * bpf_func_proto), and which program types may call them on Linux 6.18. Helpers outside this
 * table are rejected with a message saying the engine does not support them (the kernel may).
 */
import { helperName } from '../isa/index.ts';
import type { ProgType } from '../object.ts';
import type { RegType } from './state.ts';

export type ArgType =
  | 'map_ptr'
  | 'map_key'
  | 'map_value'
  | 'mem_ro'
  | 'uninit_mem'
  | 'const_size'
  | 'const_size_or_zero'
  | 'anything'
  | 'ctx'
  | 'spin_lock';

export interface HelperProto {
  id: number;
  args: ArgType[];
  ret: 'int' | 'void' | 'map_value_or_null';
  gpl?: boolean;
  /** Program types that may call it; undefined = every type. */
  only?: ProgType[];
}

const SKB: ProgType[] = ['socket_filter', 'sched_cls', 'sched_act', 'cgroup_skb'];
const TRACING: ProgType[] = ['kprobe', 'tracepoint', 'raw_tracepoint', 'perf_event', 'tracing', 'lsm'];

const PROTOS: HelperProto[] = [
  { id: 1, args: ['map_ptr', 'map_key'], ret: 'map_value_or_null' },
  { id: 2, args: ['map_ptr', 'map_key', 'map_value', 'anything'], ret: 'int' },
  { id: 3, args: ['map_ptr', 'map_key'], ret: 'int' },
  { id: 4, args: ['uninit_mem', 'const_size_or_zero', 'anything'], ret: 'int', gpl: true, only: TRACING },
  { id: 5, args: [], ret: 'int' },
  { id: 6, args: ['mem_ro', 'const_size'], ret: 'int', gpl: true },
  { id: 7, args: [], ret: 'int' },
  { id: 8, args: [], ret: 'int' },
  { id: 14, args: [], ret: 'int' },
  { id: 15, args: [], ret: 'int' },
  { id: 16, args: ['uninit_mem', 'const_size'], ret: 'int' },
  { id: 26, args: ['ctx', 'anything', 'uninit_mem', 'const_size'], ret: 'int', only: SKB },
  { id: 44, args: ['ctx', 'anything'], ret: 'int', only: ['xdp'] },
  { id: 93, args: ['spin_lock'], ret: 'void' },
  { id: 94, args: ['spin_lock'], ret: 'void' },
  { id: 112, args: ['uninit_mem', 'const_size_or_zero', 'anything'], ret: 'int', gpl: true },
  { id: 113, args: ['uninit_mem', 'const_size_or_zero', 'anything'], ret: 'int', gpl: true },
  { id: 125, args: [], ret: 'int' },
];

const BY_ID = new Map(PROTOS.map((p) => [p.id, p]));

export type ProtoLookup = { ok: true; proto: HelperProto } | { ok: false; message: string };

export function helperProto(id: number, type: ProgType): ProtoLookup {
  const name = helperName(id);
  if (name === undefined || id <= 0) return { ok: false, message: `invalid func unknown#${id}` };
  const proto = BY_ID.get(id);
  if (!proto) return { ok: false, message: `helper ${name}#${id} is not supported by the Lockstep engine` };
  if (proto.only && !proto.only.includes(type))
    return { ok: false, message: `program of this type cannot use helper ${name}#${id}` };
  return { ok: true, proto };
}

/** Register types an argument accepts, in the kernel's order (they are printed on mismatch). */
export const COMPATIBLE: Record<ArgType, string[]> = {
  map_ptr: ['map_ptr'],
  map_key: ['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'ringbuf_mem', 'buf', 'trusted_ptr_'],
  map_value: ['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'ringbuf_mem', 'buf', 'trusted_ptr_'],
  mem_ro: ['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'ringbuf_mem', 'buf', 'trusted_ptr_'],
  uninit_mem: ['fp', 'pkt', 'pkt_meta', 'map_key', 'map_value', 'mem', 'ringbuf_mem', 'buf', 'trusted_ptr_'],
  const_size: ['scalar'],
  const_size_or_zero: ['scalar'],
  anything: [],
  ctx: ['ctx'],
  spin_lock: ['map_value', 'ptr_'],
};

export const accepts = (arg: ArgType, t: RegType): boolean => arg === 'anything' || COMPATIBLE[arg].includes(t);
