/**
 * Memory access checks and their effects (the kernel's check_mem_access family): loads and
 * stores through ctx, stack, map value and packet pointers, with bounds, variable offsets,
 * spin-lock fields, read-only maps, and stack slot tracking (spills, zero bytes).
 */
import { ctxAccess } from './ctx.ts';
import { type Env, fail, lockOff, MAX_VAR_OFF } from './env.ts';
import { isConst, known, unknownOfSize } from './scalar.ts';
import { type Frame, type Reg, type RegType, Slot, STACK_SIZE, scalarReg, type VState } from './state.ts';
import { tadd, tconst, tstr } from './tnum.ts';

const BPF_F_RDONLY_PROG = 0x80;
const s64 = (x: bigint) => BigInt.asIntN(64, x);

export interface Access {
  regno: number;
  /** Instruction offset. */
  off: number;
  size: number;
  write: boolean;
  /** Register stored (for stores of a register), or null for an immediate store / a load. */
  value: Reg | null;
  /** For an immediate store: the immediate. */
  imm?: number;
  /** Helper arguments use different wording (" indirect access to"). */
  helper?: boolean;
}

/** Generic bounds check of [min, max) inside [0, memSize), the kernel's check_mem_region_access. */
function regionCheck(reg: Reg, regno: number, off: number, size: number, memSize: number, first: () => string): void {
  const inside = (o: bigint) => o >= 0n && o + BigInt(size) <= BigInt(memSize) && size > 0;
  const lo = reg.b.smin + BigInt(off);
  if (reg.b.smin < 0n && (reg.b.smin === -(1n << 63n) || lo !== BigInt.asIntN(32, lo) || lo < 0n))
    fail(`R${regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
  if (!inside(lo)) fail(`R${regno} min value is outside of the allowed memory range`, first());
  if (reg.b.umax >= BigInt(MAX_VAR_OFF))
    fail(`R${regno} unbounded memory access, make sure to bounds check any such access`);
  if (!inside(reg.b.umax + BigInt(off))) fail(`R${regno} max value is outside of the allowed memory range`, first());
}

function mapAccess(reg: Reg, a: Access): Reg | null {
  const map = reg.map!;
  const off = a.off + reg.off;
  if (a.write && map.flags & BPF_F_RDONLY_PROG)
    fail(`write into map forbidden, value_size=${map.valueSize} off=${off} size=${a.size}`);
  regionCheck(reg, a.regno, off, a.size, map.valueSize, () => {
    const o = isConst(reg.b) ? off + Number(s64(reg.b.t.value)) : off;
    return `invalid access to map value, value_size=${map.valueSize} off=${o} size=${a.size}`;
  });
  if (lockOff(map) >= 0) {
    const p = BigInt(lockOff(map));
    if (reg.b.smin + BigInt(off) < p + 4n && p < reg.b.umax + BigInt(off + a.size))
      fail('bpf_spin_lock cannot be accessed directly by load/store');
  }
  if (a.write) return null;
  // A frozen read-only map (.rodata) is read at verification time, as the kernel does.
  if (map.kind === 'rodata' && map.initial && isConst(reg.b) && a.size <= 8) {
    const at = off + Number(reg.b.t.value);
    let v = 0n;
    for (let i = a.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(map.initial[at + i] ?? 0);
    return scalarReg(known(v));
  }
  return scalarReg(unknownOfSize(a.size));
}

function packetAccess(env: Env, reg: Reg, a: Access): Reg | null {
  const type = env.prog.type;
  if (a.write && type !== 'xdp' && type !== 'sched_cls' && type !== 'sched_act') fail('cannot write into packet');
  if (reg.b.smin < 0n)
    fail(`R${a.regno} min value is negative, either use unsigned index or do a if (index >=0) check.`);
  // The range was granted after any variable offset was added: only the fixed part counts.
  const off = a.off + reg.off;
  if (off < 0 || off + a.size > reg.range || a.size <= 0)
    fail(
      `R${a.regno} offset is outside of the packet`,
      `invalid access to packet, off=${off} size=${a.size}, R${a.regno}(id=${reg.id},off=${reg.off},r=${reg.range})`,
    );
  return a.write ? null : scalarReg(unknownOfSize(a.size));
}

function ctxLoadStore(env: Env, reg: Reg, a: Access): Reg | null {
  if (!isConst(reg.b)) fail(`variable ctx access var_off=${tstr(reg.b.t)} disallowed`);
  if (reg.off) fail(`dereference of modified ctx ptr R${a.regno} off=${reg.off} disallowed`);
  const r = ctxAccess(env.prog.type, a.off, a.size, a.write, env.prog.attachTo);
  if (!r.ok) fail(`invalid bpf_context access off=${a.off} size=${a.size}`);
  if (a.write) return null;
  if (r.type === 'scalar') return scalarReg(unknownOfSize(a.size));
  return { ...scalarReg(known(0n)), type: r.type as RegType };
}

// ---- stack ----

const idx = (off: number) => STACK_SIZE + off;

function stackBounds(reg: Reg, a: Access, extra: string): { lo: number; hi: number } {
  const off = a.off + reg.off;
  let lo: number;
  let hi: number;
  if (isConst(reg.b)) {
    lo = Number(s64(reg.b.t.value)) + off;
    hi = lo + a.size;
  } else {
    if (reg.b.smax >= BigInt(MAX_VAR_OFF) || reg.b.smin <= -BigInt(MAX_VAR_OFF))
      fail(`invalid unbounded variable-offset${extra} stack R${a.regno}`);
    lo = Number(reg.b.smin) + off;
    hi = Number(reg.b.smax) + off + a.size;
  }
  if (lo < -STACK_SIZE || hi > 0 || a.size < 0) {
    if (isConst(reg.b)) fail(`invalid${extra} stack R${a.regno} off=${off} size=${a.size}`);
    fail(`invalid variable-offset${extra} stack R${a.regno} var_off=${tstr(reg.b.t)} off=${off} size=${a.size}`);
  }
  return { lo, hi };
}

function touch(env: Env, f: Frame, lo: number) {
  f.depth = Math.max(f.depth, -lo);
  if ((env.stackDepth.get(f.func) ?? 0) < -lo) env.stackDepth.set(f.func, -lo);
}

function scrub(f: Frame, lo: number, hi: number, type: Slot) {
  for (let o = lo; o < hi; o++) {
    const slot = idx(o) >> 3;
    if (f.spills[slot]) {
      // Overwriting part of a spilled register turns the rest of the slot into plain data.
      for (let i = slot * 8; i < slot * 8 + 8; i++) if (f.stack[i] === Slot.SPILL) f.stack[i] = Slot.MISC;
      f.spills[slot] = null;
    }
    f.stack[idx(o)] = type;
  }
}

function stackAccess(env: Env, st: VState, reg: Reg, a: Access): Reg | null {
  const f = st.frames[reg.frame];
  const extra = a.write ? ' write to' : a.helper ? ' indirect access to' : ' read from';
  const { lo, hi } = stackBounds(reg, a, extra);
  touch(env, f, lo);
  const fixed = isConst(reg.b);
  if (a.write) {
    const v = a.value;
    if (!fixed) {
      const zero = v?.type === 'scalar' && isConst(v.b) && v.b.t.value === 0n;
      scrub(f, lo, hi, zero ? Slot.ZERO : Slot.MISC);
      return null;
    }
    const slot = idx(lo) >> 3;
    const aligned = lo % 8 === 0;
    if (v && v.type !== 'scalar') {
      if (a.size !== 8) fail('invalid size of register spill');
      scrub(f, lo, hi, Slot.SPILL);
      f.spills[slot] = v;
      return null;
    }
    if (!v && a.imm === undefined) {
      // An atomic's write: the new value is unknown and not a spill.
      scrub(f, lo, hi, Slot.MISC);
      return null;
    }
    const value = v ?? scalarReg(known(BigInt(a.imm ?? 0)));
    if (aligned) {
      // A scalar (or immediate) stored at a slot boundary is a spill the verifier can read back.
      scrub(f, lo, hi, Slot.SPILL);
      f.spills[slot] = a.size === 8 ? value : { ...value, id: 0 };
      return null;
    }
    scrub(f, lo, hi, isConst(value.b) && value.b.t.value === 0n ? Slot.ZERO : Slot.MISC);
    return null;
  }
  if (!fixed) return scalarReg(unknownOfSize(a.size));
  const slot = idx(lo) >> 3;
  const sp = f.spills[slot];
  if (sp && f.stack[idx(lo)] === Slot.SPILL) {
    const spillSize = countSpill(f, slot);
    if (a.size === 8 && lo % 8 === 0 && spillSize === 8) return sp;
    if (sp.type !== 'scalar') fail('invalid size of register fill');
    if (lo % 8 === 0 && a.size === spillSize) return { ...sp };
    if (lo % 8 === 0 && isConst(sp.b) && a.size < spillSize)
      return scalarReg(known(sp.b.t.value & ((1n << BigInt(a.size * 8)) - 1n)));
    return scalarReg(unknownOfSize(a.size));
  }
  let zero = true;
  for (let o = lo; o < hi; o++) if (f.stack[idx(o)] !== Slot.ZERO) zero = false;
  return zero ? scalarReg(known(0n)) : scalarReg(unknownOfSize(a.size));
}

function countSpill(f: Frame, slot: number): number {
  let n = 0;
  for (let i = slot * 8; i < slot * 8 + 8; i++) if (f.stack[i] === Slot.SPILL) n++;
  return n;
}

/** Constant key on the stack (the kernel's get_constant_map_key), or null. */
export function constStackKey(st: VState, reg: Reg, keySize: number): bigint | null {
  if (reg.type !== 'fp' || !isConst(reg.b)) return null;
  const f = st.frames[reg.frame];
  const lo = reg.off + Number(s64(reg.b.t.value));
  if (lo < -STACK_SIZE || lo + keySize > 0) return null;
  const slotEnd = ((idx(lo) >> 3) + 1) * 8;
  let zero = 0;
  for (let i = idx(lo); i < slotEnd && f.stack[i] === Slot.ZERO; i++) zero++;
  if (zero >= keySize) return 0n;
  const slot = idx(lo) >> 3;
  const sp = f.spills[slot];
  if (sp?.type !== 'scalar') return null;
  let spill = 0;
  for (let i = idx(lo); i < slotEnd && f.stack[i] === Slot.SPILL; i++) spill++;
  if (spill !== keySize || !isConst(sp.b)) return null;
  return sp.b.t.value;
}

/** The kernel's tnum_strn as printed in alignment messages: a constant as a number. */
const tnumText = (t: { value: bigint; mask: bigint }) =>
  t.mask === 0n ? (t.value === 0n ? '0' : `0x${t.value.toString(16)}`) : tstr(t);

const DESC: Partial<Record<RegType, string>> = { fp: 'stack ', map_value: 'value ', ctx: 'context ' };

/**
 * Alignment (check_ptr_alignment): stack accesses always, others only for atomics (`strict`),
 * since this machine has efficient unaligned access.
 */
function alignment(reg: Reg, a: Access, strict: boolean): void {
  if (a.size <= 1) return;
  const mask = BigInt(a.size - 1);
  if (reg.type === 'pkt' || reg.type === 'pkt_meta') {
    if (!strict) return;
    const t = tadd(reg.b.t, tconst(BigInt(2 + reg.off + a.off)));
    if (((t.value | t.mask) & mask) !== 0n)
      fail(`misaligned packet access off 2+${tnumText(reg.b.t)}+${reg.off}+${a.off} size ${a.size}`);
    return;
  }
  if (!strict && reg.type !== 'fp') return;
  const t = tadd(reg.b.t, tconst(BigInt(reg.off + a.off)));
  if (((t.value | t.mask) & mask) !== 0n)
    fail(`misaligned ${DESC[reg.type] ?? ''}access off ${tnumText(reg.b.t)}+${reg.off}+${a.off} size ${a.size}`);
}

/** Check a load/store/atomic through register `a.regno`; returns the loaded register for loads. */
export function memAccess(env: Env, st: VState, reg: Reg, a: Access, strict = false): Reg | null {
  if (
    !a.helper &&
    (reg.type === 'fp' ||
      reg.type === 'map_value' ||
      reg.type === 'ctx' ||
      reg.type === 'pkt' ||
      reg.type === 'pkt_meta')
  )
    alignment(reg, a, strict);
  switch (reg.type) {
    case 'fp':
      return stackAccess(env, st, reg, a);
    case 'map_value':
      return mapAccess(reg, a);
    case 'pkt':
    case 'pkt_meta':
      return packetAccess(env, reg, a);
    case 'ctx':
      return ctxLoadStore(env, reg, a);
    default:
      return fail(`R${a.regno} invalid mem access '${reg.type}'`);
  }
}

/** A helper reads or writes `size` bytes at `reg` (check_helper_mem_access). */
export function helperMemAccess(env: Env, st: VState, reg: Reg, regno: number, size: number, write: boolean): void {
  if (size === 0) return;
  if (reg.type === 'fp') {
    const a: Access = { regno, off: 0, size, write: false, value: null, helper: true };
    const { lo, hi } = stackBounds(reg, a, ' indirect access to');
    touch(env, st.frames[reg.frame], lo);
    if (write) scrub(st.frames[reg.frame], lo, hi, Slot.MISC);
    return;
  }
  memAccess(env, st, reg, { regno, off: 0, size, write, value: null });
}
