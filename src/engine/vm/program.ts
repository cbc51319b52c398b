/**
 * Pre-decoding: turns the shared instruction model (isa/insn.ts) into parallel typed arrays the
 * interpreter indexes by pc, so the hot loop never touches objects or bigints. `lddw` pseudo
 * forms (map pointers, map values) are resolved here, once, to 64-bit values split in halves.
 * Instructions the interpreter cannot execute (bad registers, unresolvable pseudo sources) are
 * marked invalid with a reason, and fault only if reached — as the kernel would reject them.
 */
import type { Insn } from '../isa/insn.ts';
import { CALL, EXIT, JMP, JMP32, LD, LDDW, LDX, PSEUDO_MAP_FD, PSEUDO_MAP_VALUE, ST, STX, X } from './opcodes.ts';

/** Opcode value the interpreter treats as "invalid instruction" (0 is also the lddw filler). */
export const INVALID = 0x00;

export interface Code {
  readonly n: number;
  readonly code: Uint8Array;
  /** Register indices times two (index of the low half in the register file). */
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  /** Raw src field (pseudo call/lddw kinds). */
  readonly srcRaw: Uint8Array;
  readonly off: Int32Array;
  readonly imm: Int32Array;
  /** lddw only: the high 32 bits of the (resolved) 64-bit immediate. */
  readonly immHi: Int32Array;
  /** Why an instruction is invalid, by pc. */
  readonly invalid: Map<number, string>;
  /** The original instructions (for trace text and diagnostics). */
  readonly insns: readonly Insn[];
}

/** Resolves a pseudo `lddw` (src = 1 map pointer, src = 2 map value) to an address, or an error. */
export type LddwResolver = (kind: number, mapIndex: number, offset: number) => number | string;

const MAX_REG = 10;

export function predecode(insns: readonly Insn[], resolve?: LddwResolver): Code {
  const n = insns.length;
  const code = new Uint8Array(n);
  const dst = new Uint8Array(n);
  const src = new Uint8Array(n);
  const srcRaw = new Uint8Array(n);
  const off = new Int32Array(n);
  const imm = new Int32Array(n);
  const immHi = new Int32Array(n);
  const invalid = new Map<number, string>();
  for (let pc = 0; pc < n; pc++) {
    const i = insns[pc];
    code[pc] = i.code;
    dst[pc] = (i.dst & 15) << 1;
    src[pc] = (i.src & 15) << 1;
    srcRaw[pc] = i.src;
    off[pc] = i.off;
    imm[pc] = i.imm | 0;
    const cls = i.code & 7;
    const isCallOrExit = (cls === JMP || cls === JMP32) && (i.code & 0xf0) >= CALL && (i.code & 0xf0) <= EXIT;
    const ldInd = cls === LD && (i.code & 0xe0) === 0x40;
    const srcUsed =
      ldInd || cls === LDX || cls === STX || (cls !== LD && cls !== ST && (i.code & X) !== 0 && !isCallOrExit);
    if (i.code === LDDW) {
      if (pc + 1 >= n) {
        invalid.set(pc, 'lddw without its second slot');
        code[pc] = INVALID;
        continue;
      }
      const next = insns[pc + 1];
      let value: bigint;
      if (i.src === 0) value = i.imm64 ?? (BigInt(next.imm >>> 0) << 32n) | BigInt(i.imm >>> 0);
      else if ((i.src === PSEUDO_MAP_FD || i.src === PSEUDO_MAP_VALUE) && resolve) {
        const r = resolve(i.src, i.imm, i.src === PSEUDO_MAP_VALUE ? next.imm : 0);
        if (typeof r === 'string') {
          invalid.set(pc, r);
          code[pc] = INVALID;
          continue;
        }
        value = BigInt(r);
      } else {
        invalid.set(pc, `lddw with pseudo source ${i.src} is not supported`);
        code[pc] = INVALID;
        continue;
      }
      value = BigInt.asUintN(64, value);
      imm[pc] = Number(value & 0xffffffffn) | 0;
      immHi[pc] = Number(value >> 32n) | 0;
    }
    if (i.dst > MAX_REG || (srcUsed && i.src > MAX_REG)) {
      invalid.set(pc, `register out of range (dst r${i.dst}, src r${i.src})`);
      code[pc] = INVALID;
    }
  }
  return { n, code, dst, src, srcRaw, off, imm, immHi, invalid, insns };
}
