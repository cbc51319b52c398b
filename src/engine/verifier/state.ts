/**
 * Verifier state: registers (typed, with scalar bounds or pointer offsets), per-frame stacks
 * with per-byte slot types and spilled registers, the active spin lock, and the call stack.
 * Registers are immutable values (replace, never mutate), so copying a state is cheap.
 * Type names are the kernel's reg_type_str() names, because messages print them.
 */
import type { MapDef } from '../object.ts';
import { type Bounds, formatScalar, isConst, known, UNKNOWN } from './scalar.ts';

export type RegType =
  | 'not_init'
  | 'scalar'
  | 'ctx'
  | 'fp'
  | 'map_ptr'
  | 'map_value'
  | 'map_value_or_null'
  | 'pkt'
  | 'pkt_meta'
  | 'pkt_end';

export interface Reg {
  type: RegType;
  /** Scalar value, or the variable part of a pointer's offset. */
  b: Bounds;
  /** Fixed part of a pointer's offset. */
  off: number;
  /** NULL-check id (map_value_or_null), packet id, or scalar link id; 0 = none. */
  id: number;
  map: MapDef | null;
  /** Verified packet range (bytes from the packet start). */
  range: number;
  /** Stack pointer: which frame's stack. */
  frame: number;
}

export const STACK_SIZE = 512;
export enum Slot {
  INVALID = 0,
  MISC = 1,
  ZERO = 2,
  SPILL = 3,
}

export interface Frame {
  regs: Reg[];
  /** Byte types, index = STACK_SIZE + offset from the frame pointer (offsets -512..-1). */
  stack: Uint8Array;
  /** Spilled registers per 8-byte slot, index = (STACK_SIZE + off) >> 3. */
  spills: (Reg | null)[];
  /** Call instruction in the caller (-1 for the main program). */
  callsite: number;
  /** Deepest stack byte touched on this path. */
  depth: number;
  /** First instruction of the function this frame runs. */
  func: number;
}

export interface VState {
  frames: Frame[];
  /** The held bpf_spin_lock: the id of the map value pointer and its map, or null. */
  lock: { id: number; map: MapDef | null } | null;
}

const base: Reg = { type: 'not_init', b: UNKNOWN, off: 0, id: 0, map: null, range: 0, frame: 0 };
export const NOT_INIT: Reg = base;
export const scalarReg = (b: Bounds, id = 0): Reg => ({ ...base, type: 'scalar', b, id });
export const constReg = (v: bigint): Reg => scalarReg(known(v));
export const unknownReg = (): Reg => scalarReg(UNKNOWN);
export const ptrReg = (type: RegType, extra: Partial<Reg> = {}): Reg => ({ ...base, type, b: known(0n), ...extra });

export function isPointer(r: Reg): boolean {
  return r.type !== 'scalar' && r.type !== 'not_init';
}

export function newFrame(callsite: number, frameNo: number, func: number): Frame {
  const regs = new Array<Reg>(11).fill(NOT_INIT);
  regs[10] = ptrReg('fp', { frame: frameNo });
  return {
    regs,
    stack: new Uint8Array(STACK_SIZE),
    spills: new Array(STACK_SIZE / 8).fill(null),
    callsite,
    depth: 0,
    func,
  };
}

export function cloneState(s: VState): VState {
  return {
    frames: s.frames.map((f) => ({
      regs: f.regs.slice(),
      stack: f.stack.slice(),
      spills: f.spills.slice(),
      callsite: f.callsite,
      depth: f.depth,
      func: f.func,
    })),
    lock: s.lock,
  };
}

export const cur = (s: VState): Frame => s.frames[s.frames.length - 1];

/** Kernel-style rendering of one register: `ctx()`, `fp-8`, `map_value(map=m,ks=4,vs=8)`, `5`. */
export function formatReg(r: Reg): string {
  const map = r.map ? `map=${r.map.name},ks=${r.map.keySize},vs=${r.map.valueSize}` : '';
  const varOff = isConst(r.b) ? '' : `,var_off=${formatScalar(r.b).replace(/^scalar\(|\)$/g, '')}`;
  const off = r.off ? `off=${r.off}` : '';
  const parts = (...xs: string[]) => xs.filter(Boolean).join(',');
  switch (r.type) {
    case 'not_init':
      return '?';
    case 'scalar':
      return formatScalar(r.b);
    case 'fp':
      return `fp${r.off + (isConst(r.b) ? Number(BigInt.asIntN(64, r.b.t.value)) : 0) || ''}${isConst(r.b) ? '' : varOff}`.replace(
        /^fp$/,
        'fp0',
      );
    case 'ctx':
      return `ctx(${parts(off)})`;
    case 'map_ptr':
      return `map_ptr(${map})`;
    case 'map_value':
    case 'map_value_or_null':
      return `${r.type}(${parts(r.id ? `id=${r.id}` : '', off, map)}${varOff})`;
    case 'pkt':
    case 'pkt_meta':
      return `${r.type}(${parts(r.id ? `id=${r.id}` : '', off, `r=${r.range}`)}${varOff})`;
    case 'pkt_end':
      return 'pkt_end()';
  }
}

const SLOT_CHAR = ['?', 'm', '0', 'r'];

/** `R0=... R1=... R10=fp0 fp-8=mmmm????` for the log. */
export function formatFrame(f: Frame): string {
  const out: string[] = [];
  f.regs.forEach((r, i) => {
    if (r.type !== 'not_init') out.push(`R${i}=${formatReg(r)}`);
  });
  for (let slot = STACK_SIZE / 8 - 1; slot >= 0; slot--) {
    const bytes = f.stack.subarray(slot * 8, slot * 8 + 8);
    if (bytes.every((b) => b === Slot.INVALID)) continue;
    const off = slot * 8 - STACK_SIZE;
    const sp = f.spills[slot];
    if (sp && bytes.every((b) => b === Slot.SPILL)) out.push(`fp${off}=${formatReg(sp)}`);
    else
      out.push(
        `fp${off}=${Array.from(bytes, (b) => SLOT_CHAR[b])
          .reverse()
          .join('')}`,
      );
  }
  return out.join(' ');
}
