/**
 * Reference entries for the editor's completion and hover: the atomic builtins, map types and
 * update flags the course uses (written here, in the course's words), plus the BPF helpers from
 * the engine's helper table (src/engine/helpers/table.ts).
 */
import { HELPERS } from '../../engine/helpers/table.ts';

export interface BpfDoc {
  name: string;
  kind: 'helper' | 'builtin' | 'map type' | 'flag';
  signature?: string;
  doc: string;
}

const builtins: BpfDoc[] = [
  [
    '__sync_fetch_and_add',
    'type __sync_fetch_and_add(type *p, type v)',
    'Atomically adds v to *p and returns the **old** value (BPF_ATOMIC | BPF_ADD | BPF_FETCH). 32- and 64-bit only; using the result needs -mcpu=v3.',
  ],
  [
    '__sync_fetch_and_sub',
    'type __sync_fetch_and_sub(type *p, type v)',
    'Atomically subtracts v and returns the old value. BPF has no atomic subtract: clang negates v and emits an atomic fetch-and-add.',
  ],
  [
    '__sync_fetch_and_or',
    'type __sync_fetch_and_or(type *p, type v)',
    'Atomically ORs v into *p; returns the old value.',
  ],
  [
    '__sync_fetch_and_and',
    'type __sync_fetch_and_and(type *p, type v)',
    'Atomically ANDs v into *p; returns the old value.',
  ],
  [
    '__sync_fetch_and_xor',
    'type __sync_fetch_and_xor(type *p, type v)',
    'Atomically XORs v into *p; returns the old value.',
  ],
  [
    '__sync_add_and_fetch',
    'type __sync_add_and_fetch(type *p, type v)',
    'Atomically adds v and returns the **new** value.',
  ],
  [
    '__sync_val_compare_and_swap',
    'type __sync_val_compare_and_swap(type *p, type old, type new)',
    'If *p == old, stores new. Always returns the value *p held before; the swap happened iff that equals old (BPF_CMPXCHG compares with R0).',
  ],
  [
    '__sync_bool_compare_and_swap',
    'bool __sync_bool_compare_and_swap(type *p, type old, type new)',
    'Like __sync_val_compare_and_swap, but returns whether the swap happened.',
  ],
  [
    '__sync_lock_test_and_set',
    'type __sync_lock_test_and_set(type *p, type v)',
    'Atomically stores v and returns the old value (BPF_XCHG).',
  ],
].map(([name, signature, doc]) => ({ name, kind: 'builtin' as const, signature, doc }));

const mapTypes: BpfDoc[] = [
  [
    'BPF_MAP_TYPE_ARRAY',
    'Fixed array of values indexed by a u32 key; elements are never deleted. An update copies the value in place, so a concurrent reader can see a mix of old and new.',
  ],
  [
    'BPF_MAP_TYPE_HASH',
    'Hash table. An update replaces the element: a reader keeps the old one (preallocated elements are recycled, though).',
  ],
  [
    'BPF_MAP_TYPE_PERCPU_ARRAY',
    "One copy of each value per possible CPU; a program sees its own CPU's copy. Values are rounded up to 8 bytes.",
  ],
  ['BPF_MAP_TYPE_PERCPU_HASH', 'Hash table with one value per possible CPU for each key.'],
  [
    'BPF_MAP_TYPE_ARRAY_OF_MAPS',
    'Array whose values are other maps (map-in-map); userspace can swap an inner map atomically.',
  ],
  ['BPF_MAP_TYPE_HASH_OF_MAPS', 'Hash table whose values are other maps.'],
].map(([name, doc]) => ({ name, kind: 'map type' as const, doc }));

const flags: BpfDoc[] = [
  ['BPF_ANY', 'Update flag: create the element or replace it.'],
  ['BPF_NOEXIST', 'Update flag: create only; -EEXIST if the key exists.'],
  ['BPF_EXIST', 'Update flag: replace only; -ENOENT if the key does not exist.'],
  [
    'BPF_F_LOCK',
    "Update/lookup flag: take the value's bpf_spin_lock around the copy (the lock field itself is not copied).",
  ],
].map(([name, doc]) => ({ name, kind: 'flag' as const, doc }));

function engineHelpers(): BpfDoc[] {
  return HELPERS.map((h) => ({ name: h.name, kind: 'helper' as const, signature: h.proto, doc: h.doc }));
}

export function bpfDocs(): BpfDoc[] {
  return [...engineHelpers(), ...builtins, ...mapTypes, ...flags];
}
