/**
 * The bpf_conformance assembly syntax as data: every mnemonic with the instruction form it
 * encodes. Both the assembler (name → form) and the disassembler (form → canonical name) read
 * this one table, so they cannot drift apart.
 *
 * Syntax facts (from the bpf_conformance assembler): registers are `%r0`..`%r10` (`%r11`..`%r15`
 * exist for negative tests); 64-bit ALU has no suffix (`add`, also `add64`), 32-bit ALU and
 * JMP32 take `32` (`add32`, `jeq32`); memory operands are `[%r10-8]`; atomics are
 * `lock [fetch] <op>[32] [mem], %src`; `movsx<from><to>` (`movsx832`, `movsx3264`); `sdiv`/`smod`
 * set off = 1; `be16`/`le32` are ALU END, `bswap16` (alias `swap16`) is ALU64 END; `ja32` jumps
 * by imm; `call N` / `call helper N` / `call local LABEL` / `call runtime N` / `call %rN`.
 */
import {
  ALU_OPS,
  ATOMIC_OPS,
  BPF_ABS,
  BPF_ALU,
  BPF_ALU64,
  BPF_DIV,
  BPF_IND,
  BPF_JMP,
  BPF_JMP32,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MEMSX,
  BPF_MOD,
  BPF_MOV,
  BPF_NEG,
  BPF_ST,
  BPF_STX,
  JMP_OPS,
  OP,
  SIZES,
} from './opcodes.ts';

/** What operands a mnemonic takes, and how they fill the slot. */
export type Form =
  /** `op %dst, %src|imm`: code = base | K/X. */
  | { shape: 'alu'; base: number; off: number }
  /** `neg %dst`. */
  | { shape: 'neg'; code: number }
  /** `be16 %dst`: imm = width. */
  | { shape: 'end'; code: number; imm: number }
  /** `jeq %dst, %src|imm, target`: code = base | K/X. */
  | { shape: 'jcond'; base: number }
  | { shape: 'ja'; code: number }
  | { shape: 'exit'; code: number }
  | { shape: 'call' }
  | { shape: 'lddw'; code: number }
  | { shape: 'ldx'; code: number }
  | { shape: 'st'; code: number }
  | { shape: 'stx'; code: number }
  | { shape: 'ldabs'; code: number }
  | { shape: 'ldind'; code: number }
  /** `lock [fetch] op[32] [mem], %src`: imm = atomic op. Keyed as `lock <words>`. */
  | { shape: 'atomic'; code: number; imm: number };

interface Entry {
  name: string;
  form: Form;
  /** Aliases parse but the disassembler never prints them. */
  alias?: boolean;
}

function buildTable(): Entry[] {
  const t: Entry[] = [];
  const widths = [
    ['', BPF_ALU64],
    ['32', BPF_ALU],
  ] as const;
  for (const [suffix, cls] of widths) {
    for (const [name, op] of ALU_OPS) {
      if (op === BPF_NEG) {
        t.push({ name: `neg${suffix}`, form: { shape: 'neg', code: cls | op } });
        if (!suffix) t.push({ name: 'neg64', form: { shape: 'neg', code: cls | op }, alias: true });
        continue;
      }
      t.push({ name: name + suffix, form: { shape: 'alu', base: cls | op, off: 0 } });
      if (!suffix) t.push({ name: `${name}64`, form: { shape: 'alu', base: cls | op, off: 0 }, alias: true });
    }
    t.push({ name: `sdiv${suffix}`, form: { shape: 'alu', base: cls | BPF_DIV, off: 1 } });
    t.push({ name: `smod${suffix}`, form: { shape: 'alu', base: cls | BPF_MOD, off: 1 } });
  }
  for (const from of [8, 16, 32]) {
    t.push({ name: `movsx${from}64`, form: { shape: 'alu', base: BPF_ALU64 | BPF_MOV, off: from } });
    if (from < 32) t.push({ name: `movsx${from}32`, form: { shape: 'alu', base: BPF_ALU | BPF_MOV, off: from } });
  }
  for (const w of [16, 32, 64]) {
    t.push({ name: `be${w}`, form: { shape: 'end', code: OP.BE, imm: w } });
    t.push({ name: `le${w}`, form: { shape: 'end', code: OP.LE, imm: w } });
    t.push({ name: `bswap${w}`, form: { shape: 'end', code: OP.BSWAP, imm: w } });
    t.push({ name: `swap${w}`, form: { shape: 'end', code: OP.BSWAP, imm: w }, alias: true });
  }
  for (const [name, op] of JMP_OPS) {
    t.push({ name, form: { shape: 'jcond', base: BPF_JMP | op } });
    t.push({ name: `${name}32`, form: { shape: 'jcond', base: BPF_JMP32 | op } });
  }
  t.push({ name: 'ja', form: { shape: 'ja', code: OP.JA } });
  t.push({ name: 'ja32', form: { shape: 'ja', code: OP.JA32 } });
  t.push({ name: 'gotol', form: { shape: 'ja', code: OP.JA32 }, alias: true });
  t.push({ name: 'exit', form: { shape: 'exit', code: OP.EXIT } });
  t.push({ name: 'call', form: { shape: 'call' } });
  t.push({ name: 'lddw', form: { shape: 'lddw', code: OP.LDDW } });
  for (const [size, bytes, sfx] of SIZES) {
    t.push({ name: `ldx${sfx}`, form: { shape: 'ldx', code: BPF_LDX | BPF_MEM | size } });
    t.push({ name: `st${sfx}`, form: { shape: 'st', code: BPF_ST | BPF_MEM | size } });
    t.push({ name: `stx${sfx}`, form: { shape: 'stx', code: BPF_STX | BPF_MEM | size } });
    if (bytes === 8) continue;
    t.push({ name: `ldxs${sfx}`, form: { shape: 'ldx', code: BPF_LDX | BPF_MEMSX | size } });
    t.push({ name: `ldabs${sfx}`, form: { shape: 'ldabs', code: BPF_LD | BPF_ABS | size } });
    t.push({ name: `ldind${sfx}`, form: { shape: 'ldind', code: BPF_LD | BPF_IND | size } });
  }
  for (const [sfx, code] of [
    ['', OP.ATOMIC64],
    ['32', OP.ATOMIC32],
  ] as const) {
    for (const [name, imm] of ATOMIC_OPS) {
      t.push({ name: `lock ${name}${sfx}`, form: { shape: 'atomic', code, imm } });
    }
  }
  return t;
}

const TABLE = buildTable();

/** Mnemonic (for atomics: `lock [fetch ]op[32]`) → form. */
export const MNEMONICS: ReadonlyMap<string, Form> = new Map(TABLE.map((e) => [e.name, e.form]));

/** Key identifying a form independently of its operands, for the reverse lookup. */
export function formKey(f: Form): string {
  switch (f.shape) {
    case 'alu':
      return `alu:${f.base}:${f.off}`;
    case 'jcond':
      return `jcond:${f.base}`;
    case 'end':
    case 'atomic':
      return `${f.shape}:${f.code}:${f.imm}`;
    case 'call':
      return 'call';
    default:
      return `${f.shape}:${f.code}`;
  }
}

/** Form key → canonical mnemonic (aliases excluded). */
export const CANONICAL: ReadonlyMap<string, string> = new Map(
  TABLE.filter((e) => !e.alias).map((e) => [formKey(e.form), e.name]),
);
