/**
 * Disassembler in the syntax `llvm-objdump -d` prints for BPF (LLVM 14, the version CI runs):
 * `r1 = 0`, `w0 += w1`, `*(u32 *)(r10 - 4) = r1`, `if r1 > 5 goto +3`, `r1 = 0x… ll`,
 * `lock *(u64 *)(r1 + 0) += r2`, `r0 = cmpxchg_64(r1 + 0, r0, r2)`, `call 1`, `exit`.
 *
 * Options:
 * - `alu32`: as `llvm-objdump --mattr=+alu32`: sub-64-bit loads, stores and atomics name their
 *   value register `wN`. Without it, LLVM 14 cannot decode 32-bit atomics other than add.
 * - `strict14`: print exactly what LLVM 14 prints, including `<unknown>` for what it cannot
 *   decode (mod, jset, ISA v4, `st` with an immediate…) and its misreading of a 32-bit
 *   fetch-add as `lock … +=` without alu32. Off by default: such instructions then get the
 *   syntax of newer LLVM releases (`r1 %= r2`, `if r1 & r2 goto`, `r1 = (s8)r2`, `gotol +N`,
 *   `r1 = bswap16 r1`, `r1 s/= r2`, `*(u32 *)(r10 - 8) = 5`, `w2 = atomic_fetch_add(…)`).
 * - `symbols`: names of slots (function and `LBB…` labels); a jump target then gets objdump's
 *   ` <name>` or ` <name+0xBYTES>` suffix. Without symbols no suffix is printed.
 *
 * Not reproduced: LLVM's decoding of slots whose reserved fields are non-zero (it ignores some
 * of them and rejects others); well-formed programs have them zero.
 */
import { atomicOp, isLddwFiller } from './classify.ts';
import type { Insn } from './insn.ts';
import {
  BPF_ALU64,
  BPF_DIV,
  BPF_JMP32,
  BPF_JSET,
  BPF_MOD,
  BPF_MOV,
  BPF_X,
  JMP_OPS,
  OP,
  OPCODES,
  opClass,
  opOp,
  opSize,
  opSource,
  SIZES,
} from './opcodes.ts';

export interface LlvmSymbol {
  pc: number;
  name: string;
}

export interface LlvmDisasmOptions {
  alu32?: boolean;
  strict14?: boolean;
  /** Sorted or not; used only for jump-target suffixes. */
  symbols?: readonly LlvmSymbol[];
  /**
   * Right-hand side for a `lddw` (e.g. `counter ll` for a map reference); undefined keeps
   * LLVM's own text (`0x… ll` as a signed decimal, `ld_pseudo\trN, src, imm` for pseudo forms).
   */
  ldImm64?: (insn: Insn, imm64: bigint) => string | undefined;
}

const ALU_SYM: Record<number, string> = {
  0: '+=',
  16: '-=',
  32: '*=',
  48: '/=',
  64: '|=',
  80: '&=',
  96: '<<=',
  112: '>>=',
  144: '%=',
  160: '^=',
  192: 's>>=',
};

const JMP_SYM: Record<string, string> = {
  jeq: '==',
  jgt: '>',
  jge: '>=',
  jset: '&',
  jne: '!=',
  jsgt: 's>',
  jsge: 's>=',
  jlt: '<',
  jle: '<=',
  jslt: 's<',
  jsle: 's<=',
};
const JMP_BY_OP = new Map(JMP_OPS.map(([name, op]) => [op, JMP_SYM[name]!]));

const ATOMIC_SYM = { add: '+=', or: '|=', and: '&=', xor: '^=' } as const;

const UNKNOWN = '<unknown>';

const sizeName = (code: number, signed = false) => {
  const bytes = SIZES.find(([f]) => f === opSize(code))![1];
  return `${signed ? 's' : 'u'}${bytes * 8}`;
};
const mem = (reg: number, off: number) => `(r${reg} ${off < 0 ? '-' : '+'} ${Math.abs(off)})`;
const rel = (n: number) => (n < 0 ? `${n}` : `+${n}`);

/**
 * One slot's text. Returns '' for the second slot of a `lddw` (objdump prints no line for it).
 */
export function disasmLlvm(insns: readonly Insn[], pc: number, opts: LlvmDisasmOptions = {}): string {
  if (isLddwFiller(insns, pc)) return '';
  const i = insns[pc]!;
  const info = OPCODES.get(i.code);
  if (!info) return UNKNOWN;
  const strict = opts.strict14 === true;
  const modern = (text: string) => (strict ? UNKNOWN : text);
  const cls = opClass(i.code);
  const x = opSource(i.code) === BPF_X;
  switch (info.kind) {
    case 'alu': {
      const r = cls === BPF_ALU64 ? 'r' : 'w';
      const op = opOp(i.code);
      const rhs = x ? `${r}${i.src}` : `${i.imm}`;
      if (op === 0x80) return `${r}${i.dst} = -${r}${i.dst}`;
      if (op === BPF_MOV) {
        if (i.off === 0) return `${r}${i.dst} = ${rhs}`;
        return modern(`${r}${i.dst} = (s${i.off})${rhs}`);
      }
      if ((op === BPF_DIV || op === BPF_MOD) && i.off === 1) {
        return modern(`${r}${i.dst} s${ALU_SYM[op]} ${rhs}`);
      }
      const text = `${r}${i.dst} ${ALU_SYM[op]} ${rhs}`;
      return op === BPF_MOD ? modern(text) : text;
    }
    case 'end': {
      if (i.imm !== 16 && i.imm !== 32 && i.imm !== 64) return UNKNOWN;
      if (i.code === OP.BSWAP) return modern(`r${i.dst} = bswap${i.imm} r${i.dst}`);
      return `r${i.dst} = ${i.code === OP.BE ? 'be' : 'le'}${i.imm} r${i.dst}`;
    }
    case 'jcond': {
      const r = cls === BPF_JMP32 ? 'w' : 'r';
      const rhs = x ? `${r}${i.src}` : `${i.imm}`;
      const text = `if ${r}${i.dst} ${JMP_BY_OP.get(opOp(i.code))} ${rhs} goto ${rel(i.off)}${suffix(pc + 1 + i.off, opts)}`;
      return opOp(i.code) === BPF_JSET ? modern(text) : text;
    }
    case 'ja':
      if (i.code === OP.JA32) return modern(`gotol ${rel(i.imm)}${suffix(pc + 1 + i.imm, opts)}`);
      return `goto ${rel(i.off)}${suffix(pc + 1 + i.off, opts)}`;
    case 'call':
      return `call ${i.imm}`;
    case 'callx':
      if (strict) return i.imm >= 0 && i.imm <= 11 ? `callx r${i.imm}` : UNKNOWN;
      return `callx r${i.dst}`;
    case 'exit':
      return i.src === 0 && i.off === 0 && i.imm === 0 ? 'exit' : modern('exit');
    case 'lddw': {
      const v = i.imm64 ?? BigInt(i.imm >>> 0) | (BigInt((insns[pc + 1]?.imm ?? 0) >>> 0) << 32n);
      const custom = opts.ldImm64?.(i, v);
      if (custom !== undefined) return `r${i.dst} = ${custom}`;
      if (i.src !== 0) return `ld_pseudo\tr${i.dst}, ${i.src}, ${i.imm}`;
      return `r${i.dst} = ${BigInt.asIntN(64, v)} ll`;
    }
    case 'ldabs':
      return `r0 = *(${sizeName(i.code)} *)skb[${i.imm}]`;
    case 'ldind':
      return `r0 = *(${sizeName(i.code)} *)skb[r${i.src}]`;
    case 'ldx':
      return `${valueReg(i.code, i.dst, opts)} = *(${sizeName(i.code)} *)${mem(i.src, i.off)}`;
    case 'ldxsx':
      return modern(`r${i.dst} = *(${sizeName(i.code, true)} *)${mem(i.src, i.off)}`);
    case 'st':
      return modern(`*(${sizeName(i.code)} *)${mem(i.dst, i.off)} = ${i.imm}`);
    case 'stx':
      return `*(${sizeName(i.code)} *)${mem(i.dst, i.off)} = ${valueReg(i.code, i.src, opts)}`;
    case 'atomic':
      return atomic(i, opts);
  }
  return UNKNOWN;
}

/** Value register of a load/store/atomic: `wN` for sub-64-bit accesses under alu32. */
function valueReg(code: number, n: number, opts: LlvmDisasmOptions): string {
  return opts.alu32 && opSize(code) !== 0x18 ? `w${n}` : `r${n}`;
}

function atomic(i: Insn, opts: LlvmDisasmOptions): string {
  const a = atomicOp(i);
  if (!a) return UNKNOWN;
  const wide = a.size === 8;
  const ty = wide ? 'u64' : 'u32';
  const at = mem(i.dst, i.off);
  if (!wide && !opts.alu32 && opts.strict14) {
    // LLVM 14 without alu32 decodes only the 64-bit table, where the 32-bit add pattern
    // matches both the plain and the fetch form.
    return a.op === 'add' ? `lock *(u32 *)${at} += r${i.src}` : UNKNOWN;
  }
  const v = wide ? `r${i.src}` : opts.alu32 || a.fetch ? `w${i.src}` : `r${i.src}`;
  const addr = `r${i.dst} ${i.off < 0 ? '-' : '+'} ${Math.abs(i.off)}`;
  switch (a.op) {
    case 'xchg':
      return `${v} = ${wide ? 'xchg_64' : 'xchg32_32'}(${addr}, ${v})`;
    case 'cmpxchg': {
      const r0 = wide ? 'r0' : 'w0';
      return `${r0} = ${wide ? 'cmpxchg_64' : 'cmpxchg32_32'}(${addr}, ${r0}, ${v})`;
    }
    default:
      if (a.fetch) return `${v} = atomic_fetch_${a.op}((${ty} *)${at}, ${v})`;
      return `lock *(${ty} *)${at} ${ATOMIC_SYM[a.op]} ${v}`;
  }
}

/** objdump's ` <sym>` / ` <sym+0xN>` after a jump target, from the nearest preceding symbol. */
function suffix(target: number, opts: LlvmDisasmOptions): string {
  const syms = opts.symbols;
  if (!syms || syms.length === 0) return '';
  let best: LlvmSymbol | undefined;
  for (const s of syms) if (s.pc <= target && (!best || s.pc > best.pc)) best = s;
  best ??= syms.reduce((a, b) => (b.pc < a.pc ? b : a));
  const bytes = BigInt.asUintN(64, BigInt((target - best.pc) * 8));
  return bytes === 0n ? ` <${best.name}>` : ` <${best.name}+0x${bytes.toString(16)}>`;
}

/** Every line of a program as `llvm-objdump -d --no-show-raw-insn` prints it (`pc:\ttext`). */
export function disasmLlvmProgram(
  insns: readonly Insn[],
  opts: LlvmDisasmOptions = {},
): { pc: number; text: string }[] {
  const out: { pc: number; text: string }[] = [];
  for (let pc = 0; pc < insns.length; pc++) {
    const text = disasmLlvm(insns, pc, opts);
    if (text !== '') out.push({ pc, text });
  }
  return out;
}
