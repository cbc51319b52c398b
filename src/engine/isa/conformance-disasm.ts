/**
 * Disassembler to the bpf_conformance syntax: `assemble(disassembleConformance(p))` gives back
 * `p` for every program the syntax can express. Jump targets inside the program become labels
 * `L<slot>:`; others are printed as `+N`/`-N` displacements.
 *
 * The syntax has no room for some fields (a `lddw` with a pseudo src, a non-zero reserved field,
 * an unknown opcode). Such a slot is still printed as the nearest instruction, followed by a
 * comment `# not representable: raw 0x…` holding the exact 64-bit word, so nothing is silently
 * lost from the reader's view; reassembling that text will not reproduce the slot.
 */
import { isLddw, jumpTarget } from './classify.ts';
import { CANONICAL, type Form, formKey } from './conformance-syntax.ts';
import type { Insn } from './insn.ts';
import { BPF_PSEUDO_CALL, BPF_PSEUDO_KFUNC_CALL, BPF_X, OP, OPCODES, opSource } from './opcodes.ts';

/** The 64-bit little-endian word of one slot, as bpf_conformance's `-- raw` writes it. */
export function slotWord(i: Insn): bigint {
  return (
    (BigInt(i.imm >>> 0) << 32n) |
    (BigInt(i.off & 0xffff) << 16n) |
    (BigInt(((i.src & 15) << 4) | (i.dst & 15)) << 8n) |
    BigInt(i.code & 0xff)
  );
}

const hex64 = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;

export function disassembleConformance(insns: readonly Insn[]): string {
  const labels = new Map<number, string>();
  for (let pc = 0; pc < insns.length; pc++) {
    const t = jumpTarget(insns[pc]!, pc);
    if (t !== null && t >= 0 && t <= insns.length && !isFillerAt(insns, t)) {
      labels.set(t, `L${t}`);
    }
    if (isLddw(insns[pc]!)) pc++;
  }
  const out: string[] = [];
  for (let pc = 0; pc < insns.length; pc++) {
    const label = labels.get(pc);
    if (label) out.push(`${label}:`);
    const i = insns[pc]!;
    const dest = (disp: number) => labels.get(pc + 1 + disp) ?? (disp < 0 ? `${disp}` : `+${disp}`);
    const { text, exact } = line(i, insns[pc + 1], dest);
    out.push(exact ? text : `${text} # not representable: raw ${hex64(slotWord(i))}`);
    if (isLddw(i) && pc + 1 < insns.length) {
      const f = insns[pc + 1]!;
      if (f.code !== 0 || f.dst !== 0 || f.src !== 0 || f.off !== 0) {
        out.push(`# not representable: lddw second slot raw ${hex64(slotWord(f))}`);
      }
      pc++;
    }
  }
  if (labels.has(insns.length)) out.push(`L${insns.length}:`);
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Is slot t the second slot of a lddw, counting pairs from the start? */
function isFillerAt(insns: readonly Insn[], t: number): boolean {
  for (let pc = 0; pc < t; pc++) if (isLddw(insns[pc]!) && ++pc === t) return true;
  return false;
}

const r = (n: number) => `%r${n}`;
const memOp = (reg: number, off: number) => `[%r${reg}${off < 0 ? off : `+${off}`}]`;

/** One instruction's text, and whether every field of the slot is expressed by it. */
function line(i: Insn, next: Insn | undefined, dest: (disp: number) => string): { text: string; exact: boolean } {
  const info = OPCODES.get(i.code);
  const name = (f: Form) => CANONICAL.get(formKey(f));
  const zero = (...fields: (keyof Insn)[]) => fields.every((f) => i[f] === 0);
  const unknown = { text: `# unknown opcode 0x${i.code.toString(16).padStart(2, '0')}`, exact: false };
  if (!info) return unknown;
  switch (info.kind) {
    case 'alu': {
      const reg = opSource(i.code) === BPF_X;
      const base = i.code & ~BPF_X;
      const neg = CANONICAL.get(formKey({ shape: 'neg', code: i.code }));
      if (neg) return { text: `${neg} ${r(i.dst)}`, exact: zero('src', 'off', 'imm') };
      const mn = name({ shape: 'alu', base, off: i.off }) ?? name({ shape: 'alu', base, off: 0 })!;
      const offOk = name({ shape: 'alu', base, off: i.off }) !== undefined;
      if (reg) return { text: `${mn} ${r(i.dst)}, ${r(i.src)}`, exact: offOk && i.imm === 0 };
      return { text: `${mn} ${r(i.dst)}, ${i.imm}`, exact: offOk && i.src === 0 };
    }
    case 'end': {
      const mn = name({ shape: 'end', code: i.code, imm: i.imm });
      if (!mn) return { text: `${name({ shape: 'end', code: i.code, imm: 64 })} ${r(i.dst)}`, exact: false };
      return { text: `${mn} ${r(i.dst)}`, exact: zero('src', 'off') };
    }
    case 'jcond': {
      const mn = name({ shape: 'jcond', base: i.code & ~BPF_X })!;
      const rhs = opSource(i.code) === BPF_X ? r(i.src) : `${i.imm}`;
      const exact = opSource(i.code) === BPF_X ? i.imm === 0 : i.src === 0;
      return { text: `${mn} ${r(i.dst)}, ${rhs}, ${dest(i.off)}`, exact };
    }
    case 'ja':
      if (i.code === OP.JA32) return { text: `ja32 ${dest(i.imm)}`, exact: zero('dst', 'src', 'off') };
      return { text: `ja ${dest(i.off)}`, exact: zero('dst', 'src', 'imm') };
    case 'exit':
      return { text: 'exit', exact: zero('dst', 'src', 'off', 'imm') };
    case 'call':
      if (i.src === BPF_PSEUDO_CALL) return { text: `call local ${dest(i.imm)}`, exact: zero('dst', 'off') };
      if (i.src === BPF_PSEUDO_KFUNC_CALL) return { text: `call runtime ${i.imm}`, exact: zero('dst', 'off') };
      return { text: `call ${i.imm}`, exact: zero('dst', 'src', 'off') };
    case 'callx':
      return { text: `call ${r(i.dst)}`, exact: zero('src', 'off', 'imm') };
    case 'lddw': {
      const v = i.imm64 ?? BigInt(i.imm >>> 0) | (BigInt((next?.imm ?? 0) >>> 0) << 32n);
      return { text: `lddw ${r(i.dst)}, 0x${v.toString(16)}`, exact: zero('src', 'off') && next !== undefined };
    }
    case 'ldx':
    case 'ldxsx':
      return {
        text: `${name({ shape: 'ldx', code: i.code })} ${r(i.dst)}, ${memOp(i.src, i.off)}`,
        exact: i.imm === 0,
      };
    case 'st':
      return { text: `${name({ shape: 'st', code: i.code })} ${memOp(i.dst, i.off)}, ${i.imm}`, exact: i.src === 0 };
    case 'stx':
      return {
        text: `${name({ shape: 'stx', code: i.code })} ${memOp(i.dst, i.off)}, ${r(i.src)}`,
        exact: i.imm === 0,
      };
    case 'atomic': {
      const mn = name({ shape: 'atomic', code: i.code, imm: i.imm });
      if (!mn) return { text: `# atomic with unknown operation imm=0x${(i.imm >>> 0).toString(16)}`, exact: false };
      return { text: `${mn} ${memOp(i.dst, i.off)}, ${r(i.src)}`, exact: true };
    }
    case 'ldabs':
      return { text: `${name({ shape: 'ldabs', code: i.code })} ${i.imm}`, exact: zero('dst', 'src', 'off') };
    case 'ldind':
      return { text: `${name({ shape: 'ldind', code: i.code })} ${r(i.src)}, ${i.imm}`, exact: zero('dst', 'off') };
  }
  return unknown;
}
