/**
 * Bytes ⇄ instructions. The wire format is RFC 9669's: 8 little-endian bytes a slot
 * (opcode, dst:4 | src:4 — dst in the low nibble —, off:s16, imm:s32); `lddw` spans two slots.
 *
 * decode() checks structure only: a length that is not a multiple of 8 or a `lddw` without
 * its second slot throws a DecodeError carrying the byte offset. Unknown opcodes and bad
 * reserved fields are *not* rejected here — they decode faithfully and the verifier reports
 * them with the kernel's wording (use `isValidOpcode` from classify.ts to check early).
 * encode() is the exact inverse for every slot decode() produces.
 */
import { isLddw } from './classify.ts';
import type { Insn } from './insn.ts';
import { OP } from './opcodes.ts';

/** Thrown by decode(); `byteOffset` is where the problem starts. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  readonly byteOffset: number;
  constructor(message: string, byteOffset: number) {
    super(`${message} (at byte ${byteOffset})`);
    this.byteOffset = byteOffset;
  }
}

/** Thrown by encode() for a field out of range; `slot` is the offending index. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  readonly slot: number;
  constructor(message: string, slot: number) {
    super(`${message} (slot ${slot})`);
    this.slot = slot;
  }
}

export const SLOT_BYTES = 8;

/** Decode a program. Throws DecodeError on a malformed byte string (see module header). */
export function decode(bytes: Uint8Array): Insn[] {
  if (bytes.length % SLOT_BYTES !== 0) {
    throw new DecodeError(
      `program length ${bytes.length} is not a multiple of ${SLOT_BYTES}: ${bytes.length % SLOT_BYTES} trailing bytes`,
      bytes.length - (bytes.length % SLOT_BYTES),
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / SLOT_BYTES;
  const out: Insn[] = new Array(n);
  for (let pc = 0; pc < n; pc++) {
    const at = pc * SLOT_BYTES;
    const regs = view.getUint8(at + 1);
    const insn: Insn = {
      code: view.getUint8(at),
      dst: regs & 0x0f,
      src: regs >> 4,
      off: view.getInt16(at + 2, true),
      imm: view.getInt32(at + 4, true),
    };
    out[pc] = insn;
    if (insn.code === OP.LDDW) {
      if (pc + 1 >= n) throw new DecodeError('lddw is missing its second slot', at);
      const hiAt = at + SLOT_BYTES;
      const hiRegs = view.getUint8(hiAt + 1);
      const filler: Insn = {
        code: view.getUint8(hiAt),
        dst: hiRegs & 0x0f,
        src: hiRegs >> 4,
        off: view.getInt16(hiAt + 2, true),
        imm: view.getInt32(hiAt + 4, true),
      };
      insn.imm64 = joinImm64(insn.imm, filler.imm);
      out[++pc] = filler;
    }
  }
  return out;
}

/** Result-value form of decode() for callers that prefer not to catch. */
export function tryDecode(bytes: Uint8Array): { ok: true; insns: Insn[] } | { ok: false; error: DecodeError } {
  try {
    return { ok: true, insns: decode(bytes) };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * Encode slots to bytes. For a `lddw` carrying `imm64`, imm64 is authoritative: its low half
 * is written to the first slot and its high half to the filler slot's imm.
 */
export function encode(insns: readonly Insn[]): Uint8Array {
  const bytes = new Uint8Array(insns.length * SLOT_BYTES);
  const view = new DataView(bytes.buffer);
  for (let pc = 0; pc < insns.length; pc++) {
    const i = insns[pc]!;
    checkFields(i, pc);
    if (!isLddw(i)) {
      writeSlot(view, pc, i);
      continue;
    }
    const next = insns[pc + 1];
    if (!next) throw new EncodeError('lddw is missing its second slot', pc);
    checkFields(next, pc + 1);
    if (i.imm64 === undefined) {
      writeSlot(view, pc, i);
      writeSlot(view, pc + 1, next);
    } else {
      const [lo, hi] = splitImm64(i.imm64);
      writeSlot(view, pc, { ...i, imm: lo });
      writeSlot(view, pc + 1, { ...next, imm: hi });
    }
    pc++;
  }
  return bytes;
}

function writeSlot(view: DataView, pc: number, i: Insn): void {
  const at = pc * SLOT_BYTES;
  view.setUint8(at, i.code);
  view.setUint8(at + 1, (i.src << 4) | i.dst);
  view.setInt16(at + 2, i.off, true);
  view.setUint32(at + 4, i.imm >>> 0, true);
}

function checkFields(i: Insn, pc: number): void {
  const bad = (what: string, v: number) => new EncodeError(`${what} ${v} out of range`, pc);
  if (!Number.isInteger(i.code) || i.code < 0 || i.code > 0xff) throw bad('opcode', i.code);
  if (!Number.isInteger(i.dst) || i.dst < 0 || i.dst > 15) throw bad('dst register', i.dst);
  if (!Number.isInteger(i.src) || i.src < 0 || i.src > 15) throw bad('src register', i.src);
  if (!Number.isInteger(i.off) || i.off < -0x8000 || i.off > 0x7fff) throw bad('offset', i.off);
  // Accept the unsigned spelling of a 32-bit immediate too (0xffffffff for -1).
  if (!Number.isInteger(i.imm) || i.imm < -0x80000000 || i.imm > 0xffffffff) throw bad('immediate', i.imm);
}

/** 64-bit immediate from the two slots' signed 32-bit imms, as an unsigned bigint. */
export function joinImm64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Split a 64-bit immediate (any sign; taken modulo 2^64) into the two slots' signed imms. */
export function splitImm64(v: bigint): [lo: number, hi: number] {
  const u = BigInt.asUintN(64, v);
  return [Number(BigInt.asIntN(32, u)), Number(BigInt.asIntN(32, u >> 32n))];
}

/** Build the two slots of `lddw dst, imm64` (src = pseudo kind, 0 for a plain constant). */
export function lddw(dst: number, imm64: bigint, src = 0): [Insn, Insn] {
  const u = BigInt.asUintN(64, imm64);
  const [lo, hi] = splitImm64(u);
  return [
    { code: OP.LDDW, dst, src, off: 0, imm: lo, imm64: u },
    { code: 0, dst: 0, src: 0, off: 0, imm: hi },
  ];
}

/** One slot from its fields (imm given signed or unsigned 32-bit, stored signed). */
export function insn(code: number, dst = 0, src = 0, off = 0, imm = 0): Insn {
  return { code, dst, src, off, imm: imm | 0 };
}
