/**
 * Disassembler in the syntax of the kernel verifier log (kernel/bpf/disasm.c, Linux 6.18):
 * `0: (b7) r1 = 0`, `1: (63) *(u32 *)(r10 -4) = r1`, `(85) call bpf_map_lookup_elem#1`,
 * `(db) r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)`, `(15) if r0 == 0x0 goto pc+2`, `(95) exit`.
 * Offsets are printed with an explicit sign and no space (`r10 -4`, `r1 +0`), compare
 * immediates as unsigned hex, ALU immediates as signed decimal — as the kernel's printf formats.
 *
 * A `lddw` value is what the kernel would print through its `cb_imm` hook; the log itself shows
 * the map's kernel address there, which the engine does not have, so by default map references
 * print as bpftool does (`map[id:N]`, `map[id:N][0]+off`, N = the map index) and the caller may
 * pass `ldImm64` to print something else. Only the instruction text is produced here; the
 * register-state suffix of log level 2 (`; R1_w=0`) is the verifier's.
 */
import { atomicOp } from './classify.ts';
import { helperName } from './helpers.ts';
import type { Insn } from './insn.ts';
import {
  BPF_ABS,
  BPF_ALU,
  BPF_ALU64,
  BPF_ATOMIC,
  BPF_CALL,
  BPF_DIV,
  BPF_DW,
  BPF_END,
  BPF_EXIT,
  BPF_IMM,
  BPF_IND,
  BPF_JA,
  BPF_JMP,
  BPF_JMP32,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOD,
  BPF_MOV,
  BPF_NEG,
  BPF_PSEUDO_CALL,
  BPF_PSEUDO_KFUNC_CALL,
  BPF_PSEUDO_MAP_FD,
  BPF_PSEUDO_MAP_VALUE,
  BPF_ST,
  BPF_STX,
  BPF_TO_BE,
  BPF_X,
  opClass,
  opMode,
  opOp,
  opSize,
  opSource,
} from './opcodes.ts';

export interface KernelDisasmOptions {
  /** Text for a `lddw` value (the kernel's `cb_imm`); undefined falls back to the default. */
  ldImm64?: (insn: Insn, imm64: bigint) => string | undefined;
  /** Name for a call target (the kernel's `cb_call`, e.g. kfunc names); undefined falls back. */
  callName?: (insn: Insn) => string | undefined;
}

const ALU = ['+=', '-=', '*=', '/=', '|=', '&=', '<<=', '>>=', 'neg', '%=', '^=', '=', 's>>=', 'endian'];
const JMP: Record<number, string> = {
  16: '==',
  32: '>',
  48: '>=',
  64: '&',
  80: '!=',
  96: 's>',
  112: 's>=',
  160: '<',
  176: '<=',
  192: 's<',
  208: 's<=',
};
// Acquire/release atomics (Linux 6.15+); outside the engine's ISA but printed for completeness.
const BPF_LOAD_ACQ = 0x100;
const BPF_STORE_REL = 0x110;
const LDST: Record<number, string> = { 0: 'u32', 8: 'u16', 16: 'u8', 24: 'u64' };
const LDSX: Record<number, string> = { 0: 's32', 8: 's16', 16: 's8' };
const MOVSX: Record<number, string> = { 8: '(s8)', 16: '(s16)', 32: '(s32)' };

/** C's `%+d`. */
const signed = (n: number) => (n < 0 ? `${n}` : `+${n}`);
const hex2 = (code: number) => code.toString(16).padStart(2, '0');

/** One verifier-log instruction line: `pc: (code) text`. */
export function disasmKernel(insn: Insn, pc: number, opts: KernelDisasmOptions = {}): string {
  return `${pc}: ${kernelInsnText(insn, opts)}`;
}

/** The instruction part of a verifier-log line: `(code) text`. */
export function kernelInsnText(i: Insn, opts: KernelDisasmOptions = {}): string {
  const c = `(${hex2(i.code)})`;
  const cls = opClass(i.code);
  const op = opOp(i.code);
  if (cls === BPF_ALU || cls === BPF_ALU64) {
    const r = cls === BPF_ALU ? 'w' : 'r';
    if (op === BPF_END) {
      if (cls !== BPF_ALU) return `${c} r${i.dst} = bswap${i.imm} r${i.dst}`;
      return `${c} r${i.dst} = ${opSource(i.code) === BPF_TO_BE ? 'be' : 'le'}${i.imm} r${i.dst}`;
    }
    if (op === BPF_NEG) return `${c} ${r}${i.dst} = -${r}${i.dst}`;
    const sdiv = (op === BPF_DIV || op === BPF_MOD) && i.off === 1;
    const sym = sdiv ? (op === BPF_DIV ? 's/=' : 's%=') : (ALU[op >> 4] ?? '(null)');
    if (opSource(i.code) === BPF_X) {
      const sx = op === BPF_MOV ? (MOVSX[i.off] ?? '') : '';
      return `${c} ${r}${i.dst} ${sym} ${sx}${r}${i.src}`;
    }
    return `${c} ${r}${i.dst} ${sym} ${i.imm}`;
  }
  const size = opSize(i.code);
  const mode = opMode(i.code);
  const at = (reg: number) => `(r${reg} ${signed(i.off)})`;
  if (cls === BPF_STX) {
    if (mode === BPF_MEM) return `${c} *(${LDST[size]} *)${at(i.dst)} = r${i.src}`;
    if (mode !== BPF_ATOMIC) return `BUG_${hex2(i.code)}`;
    const ptr = `(${LDST[size]} *)${at(i.dst)}`;
    if (i.imm === BPF_LOAD_ACQ) return `${c} r${i.dst} = load_acquire((${LDST[size]} *)${at(i.src)})`;
    if (i.imm === BPF_STORE_REL) return `${c} store_release(${ptr}, r${i.src})`;
    const a = atomicOp(i);
    if (!a) return `BUG_${hex2(i.code)}`;
    const w = size === BPF_DW ? '64' : '';
    if (a.op === 'cmpxchg') return `${c} r0 = atomic${w}_cmpxchg(${ptr}, r0, r${i.src})`;
    if (a.op === 'xchg') return `${c} r${i.src} = atomic${w}_xchg(${ptr}, r${i.src})`;
    if (a.fetch) return `${c} r${i.src} = atomic${w}_fetch_${a.op}(${ptr}, r${i.src})`;
    return `${c} lock *${ptr} ${ALU[i.imm >> 4]} r${i.src}`;
  }
  if (cls === BPF_ST) {
    if (mode === BPF_MEM) return `${c} *(${LDST[size]} *)${at(i.dst)} = ${i.imm}`;
    if (mode === 0xc0) return `${c} nospec`;
    return `BUG_st_${hex2(i.code)}`;
  }
  if (cls === BPF_LDX) {
    if (mode !== BPF_MEM && mode !== BPF_MEMSX) return `BUG_ldx_${hex2(i.code)}`;
    const ty = mode === BPF_MEM ? LDST[size] : (LDSX[size] ?? '(null)');
    return `${c} r${i.dst} = *(${ty} *)${at(i.src)}`;
  }
  if (cls === BPF_LD) {
    if (mode === BPF_ABS) return `${c} r0 = *(${LDST[size]} *)skb[${i.imm}]`;
    if (mode === BPF_IND) return `${c} r0 = *(${LDST[size]} *)skb[r${i.src} + ${i.imm}]`;
    if (mode === BPF_IMM && size === BPF_DW) {
      const v = i.imm64 ?? BigInt(i.imm >>> 0);
      return `${c} r${i.dst} = ${opts.ldImm64?.(i, v) ?? defaultImm64(i, v)}`;
    }
    return `BUG_ld_${hex2(i.code)}`;
  }
  // BPF_JMP, BPF_JMP32
  const r = cls === BPF_JMP32 ? 'w' : 'r';
  if (op === BPF_CALL) {
    if (i.src === BPF_PSEUDO_CALL) return `${c} call pc${signed(i.imm)}`;
    return `${c} call ${callName(i, opts)}#${i.imm}`;
  }
  if (i.code === (BPF_JMP | BPF_JA)) return `${c} goto pc${signed(i.off)}`;
  if (i.code === (BPF_JMP32 | BPF_JA)) return `${c} gotol pc${signed(i.imm)}`;
  if (i.code === (BPF_JMP | BPF_EXIT)) return `${c} exit`;
  const sym = JMP[op] ?? (op === BPF_EXIT ? 'exit' : op === BPF_JA ? 'jmp' : '(null)');
  if (opSource(i.code) === BPF_X) return `${c} if ${r}${i.dst} ${sym} ${r}${i.src} goto pc${signed(i.off)}`;
  return `${c} if ${r}${i.dst} ${sym} 0x${(i.imm >>> 0).toString(16)} goto pc${signed(i.off)}`;
}

function callName(i: Insn, opts: KernelDisasmOptions): string {
  // The kernel names a helper from its table first, then asks cb_call, then falls back.
  const helper = i.src === 0 && i.imm >= 0 ? helperName(i.imm) : undefined;
  if (helper) return helper;
  const custom = opts.callName?.(i);
  if (custom) return custom;
  return i.src === BPF_PSEUDO_KFUNC_CALL ? 'kernel-function' : 'unknown';
}

function defaultImm64(i: Insn, v: bigint): string {
  if (i.src === BPF_PSEUDO_MAP_FD) return `map[id:${i.imm}]`;
  if (i.src === BPF_PSEUDO_MAP_VALUE) return `map[id:${i.imm}][0]+${Number(v >> 32n)}`;
  return `0x${v.toString(16)}`;
}

/**
 * A log-level-2 line: the instruction line, padded the way the kernel aligns the register
 * state after it (to a multiple of 8 columns, at least column 38), then `; ` and the state.
 */
export function kernelLogLineWithState(line: string, state: string): string {
  // The kernel measures the position one past the printed text (vlog_alignment()).
  const pos = line.length + 1;
  const width = Math.ceil(Math.max(pos + 4, 40) / 8) * 8 - pos - 1;
  return `${line}${' '.repeat(width)}; ${state}`;
}
