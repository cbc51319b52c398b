/**
 * The BPF helpers the engine implements, as data: kernel id, name, C prototype, one-line doc,
 * argument and return kinds (the kernel's bpf_func_proto vocabulary, lower case) and whether
 * the helper is GPL-only. The verifier checks calls against it, the interpreter and JIT
 * dispatch on `id` (implementations in index.ts), the UI uses it for completions and hover
 * docs, and the course's helper reference is generated from it.
 */

export type HelperArg =
  | 'const_map_ptr'
  | 'ptr_to_map_key'
  | 'ptr_to_map_value'
  | 'anything'
  | 'ptr_to_mem'
  | 'const_size'
  | 'ptr_to_spin_lock';

export type HelperRet = 'ptr_to_map_value_or_null' | 'integer' | 'void';

export interface HelperSpec {
  id: number;
  name: string;
  proto: string;
  doc: string;
  args: HelperArg[];
  ret: HelperRet;
  gplOnly: boolean;
}

export const HELPERS: readonly HelperSpec[] = [
  {
    id: 1,
    name: 'bpf_map_lookup_elem',
    proto: 'void *bpf_map_lookup_elem(void *map, const void *key)',
    doc: 'Pointer to the value stored under key, or NULL. For per-CPU maps: this CPU’s copy; for map-in-map: the inner map.',
    args: ['const_map_ptr', 'ptr_to_map_key'],
    ret: 'ptr_to_map_value_or_null',
    gplOnly: false,
  },
  {
    id: 2,
    name: 'bpf_map_update_elem',
    proto: 'long bpf_map_update_elem(void *map, const void *key, const void *value, __u64 flags)',
    doc: 'Copies value into the map under key. flags: BPF_ANY, BPF_NOEXIST, BPF_EXIST (| BPF_F_LOCK). 0 or a negative error.',
    args: ['const_map_ptr', 'ptr_to_map_key', 'ptr_to_map_value', 'anything'],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 3,
    name: 'bpf_map_delete_elem',
    proto: 'long bpf_map_delete_elem(void *map, const void *key)',
    doc: 'Removes key from a hash map (-ENOENT if absent); array elements cannot be deleted (-EINVAL).',
    args: ['const_map_ptr', 'ptr_to_map_key'],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 5,
    name: 'bpf_ktime_get_ns',
    proto: '__u64 bpf_ktime_get_ns(void)',
    doc: 'Nanoseconds since boot (CLOCK_MONOTONIC); the engine’s clock in deterministic mode.',
    args: [],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 6,
    name: 'bpf_trace_printk',
    proto: 'long bpf_trace_printk(const char *fmt, __u32 fmt_size, ...)',
    doc: 'printk-style formatting of up to three arguments into the run log (what bpf_printk expands to).',
    args: ['ptr_to_mem', 'const_size', 'anything', 'anything', 'anything'],
    ret: 'integer',
    gplOnly: true,
  },
  {
    id: 7,
    name: 'bpf_get_prandom_u32',
    proto: '__u32 bpf_get_prandom_u32(void)',
    doc: 'A pseudo-random 32-bit number (seeded per CPU in deterministic mode, so runs replay).',
    args: [],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 8,
    name: 'bpf_get_smp_processor_id',
    proto: '__u32 bpf_get_smp_processor_id(void)',
    doc: 'The id of the CPU running this invocation (an invocation never changes CPU).',
    args: [],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 14,
    name: 'bpf_get_current_pid_tgid',
    proto: '__u64 bpf_get_current_pid_tgid(void)',
    doc: 'tgid << 32 | pid of the current task.',
    args: [],
    ret: 'integer',
    gplOnly: false,
  },
  {
    id: 93,
    name: 'bpf_spin_lock',
    proto: 'long bpf_spin_lock(struct bpf_spin_lock *lock)',
    doc: 'Takes the spin lock in a map value; spins while another CPU holds it. Always returns 0.',
    args: ['ptr_to_spin_lock'],
    ret: 'void',
    gplOnly: false,
  },
  {
    id: 94,
    name: 'bpf_spin_unlock',
    proto: 'long bpf_spin_unlock(struct bpf_spin_lock *lock)',
    doc: 'Releases the spin lock taken by bpf_spin_lock. Always returns 0.',
    args: ['ptr_to_spin_lock'],
    ret: 'void',
    gplOnly: false,
  },
];

const byId = new Map(HELPERS.map((h) => [h.id, h]));
const byName = new Map(HELPERS.map((h) => [h.name, h]));

export function helperById(id: number): HelperSpec | undefined {
  return byId.get(id);
}

/** By name, with or without the `bpf_` prefix. */
export function helperByName(name: string): HelperSpec | undefined {
  return byName.get(name) ?? byName.get(`bpf_${name}`);
}

export const HelperId = {
  map_lookup_elem: 1,
  map_update_elem: 2,
  map_delete_elem: 3,
  ktime_get_ns: 5,
  trace_printk: 6,
  get_prandom_u32: 7,
  get_smp_processor_id: 8,
  get_current_pid_tgid: 14,
  spin_lock: 93,
  spin_unlock: 94,
} as const;
