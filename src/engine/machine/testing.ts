/**
 * Hand-built program objects for the machine's tests (no compiler needed): a `.bss` with u64
 * globals, an optional ARRAY map with a spin-locked value, and a program from raw slots.
 */
import { insn } from '../isa/index.ts';
import type { Insn } from '../isa/insn.ts';
import { type MapDef, MapType, type ProgramObject, type ProgType } from '../object.ts';

const u64 = { kind: 'int', name: '__u64', size: 8, signed: false } as const;

export function bss(names: string[]): MapDef {
  return {
    name: '.bss',
    kind: 'bss',
    type: MapType.ARRAY,
    keySize: 4,
    valueSize: 8 * names.length,
    maxEntries: 1,
    flags: 0,
    spinLockOff: -1,
    initial: new Uint8Array(8 * names.length),
    vars: names.map((name, i) => ({ name, offset: 8 * i, type: u64 })),
  };
}

/** ARRAY map `locked` of one value { struct bpf_spin_lock lock; u32 pad; u64 count; }. */
export function lockedArray(): MapDef {
  return {
    name: 'locked',
    kind: 'map',
    type: MapType.ARRAY,
    keySize: 4,
    valueSize: 16,
    maxEntries: 1,
    flags: 0,
    spinLockOff: 0,
    key: { kind: 'int', name: '__u32', size: 4, signed: false },
    value: {
      kind: 'struct',
      name: 'struct val',
      size: 16,
      fields: [
        { name: 'lock', offset: 0, type: { kind: 'spin_lock', name: 'struct bpf_spin_lock', size: 4 } },
        { name: 'count', offset: 8, type: u64 },
      ],
    },
  };
}

export function object(insns: Insn[], maps: MapDef[], type: ProgType = 'tracepoint'): ProgramObject {
  return {
    license: 'GPL',
    maps,
    programs: [
      {
        name: 'prog',
        section: type === 'xdp' ? 'xdp' : 'tracepoint/raw_syscalls/sys_enter',
        type,
        attachTo: type === 'xdp' ? '' : 'raw_syscalls/sys_enter',
        insns,
        lines: insns.map((_, i) => ({ file: 'test.bpf.c', line: i + 1, col: 1 })),
        funcs: [{ name: 'prog', start: 0 }],
      },
    ],
  };
}

/** `lddw rD, &map_value(map) + off`. */
export function mapValue(dst: number, map: number, off: number): Insn[] {
  return [insn(0x18, dst, 2, 0, map), insn(0, 0, 0, 0, off)];
}

/** `lddw rD, map` (a map pointer for helpers). */
export function mapPtr(dst: number, map: number): Insn[] {
  return [insn(0x18, dst, 1, 0, map), insn(0, 0, 0, 0, 0)];
}

export const EXIT0 = [insn(0xb7, 0, 0, 0, 0), insn(0x95)];

/** counter++ as load, add, store: the racy counter of chapter 1. */
export const racyCounter = (): ProgramObject =>
  object(
    [...mapValue(1, 0, 0), insn(0x79, 2, 1, 0), insn(0x07, 2, 0, 0, 1), insn(0x7b, 1, 2, 0), ...EXIT0],
    [bss(['counter'])],
  );

/** __sync_fetch_and_add(&counter, 1): one atomic instruction. */
export const atomicCounter = (): ProgramObject =>
  object([...mapValue(1, 0, 0), insn(0xb7, 2, 0, 0, 1), insn(0xdb, 1, 2, 0, 0x00), ...EXIT0], [bss(['counter'])]);
