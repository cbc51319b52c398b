/**
 * The deterministic run's trace: one entry per executed instruction — CPU, pc, instruction
 * text, source line, and for shared (non-stack) memory the access with its address, the value
 * read or written and what lives there (a global's name, a map's name). Stack traffic is left
 * out: it cannot race.
 */
import { disasmLlvm } from '../isa/index.ts';
import { AddressNamer, type MapSet } from '../maps/index.ts';
import type { BpfProgram, MapDef, SourceLoc } from '../object.ts';
import { Access, type CpuState } from '../vm/cpu.ts';

export interface MemAccessInfo {
  kind: 'read' | 'write' | 'rmw';
  addr: number;
  size: number;
  /** The value written (write, rmw) or read (read), unsigned. */
  value: bigint;
  /** What the address holds, e.g. "counter", "stats[+8]", or null if unknown. */
  what: string | null;
}

export interface TraceEntry {
  /** Index of the step in the run (0-based). */
  step: number;
  /** CPU, or -1 for the userspace participant. */
  cpu: number;
  /** Invocation number on that CPU. */
  event: number;
  pc: number;
  insn: string;
  line: SourceLoc | null;
  access?: MemAccessInfo;
  /** Userspace steps: the map operation, e.g. "lookup(stats, 0) = 0". */
  op?: string;
}

/**
 * Instruction text per pc, in llvm-objdump syntax with alu32 (what clang -mcpu=v3 emits);
 * filler slots get "". Map references are named as the source names them: `r1 = &counter ll`
 * for a global, `r1 = map[stats] ll` for a map.
 */
export function insnTexts(prog: BpfProgram, maps: readonly MapDef[]): string[] {
  const out: string[] = [];
  for (let pc = 0; pc < prog.insns.length; pc++) {
    const i = prog.insns[pc];
    if (pc > 0 && prog.insns[pc - 1].code === 0x18 && i.code === 0) {
      out.push('');
      continue;
    }
    if (i.code === 0x18 && (i.src === 1 || i.src === 2) && maps[i.imm]) {
      const m = maps[i.imm];
      const off = i.src === 2 ? (prog.insns[pc + 1]?.imm ?? 0) : 0;
      const v = m.vars?.find((x) => x.offset === off);
      const what = i.src === 1 ? `map[${m.name}]` : v ? `&${v.name}` : `&${m.name}${off ? ` + ${off}` : ''}`;
      out.push(`r${i.dst} = ${what} ll`);
      continue;
    }
    try {
      out.push(disasmLlvm(prog.insns, pc, { alu32: true }));
    } catch {
      out.push(`.insn 0x${i.code.toString(16)}`);
    }
  }
  return out;
}

/** Names map-storage addresses (maps/symbolize.ts): `counter`, `stats[3].sum`, `hist[2]@cpu1`. */
export class Symbolizer {
  private readonly namer: AddressNamer;

  constructor(set: MapSet) {
    this.namer = new AddressNamer(set);
  }

  name(addr: number): string | null {
    return this.namer.name(addr)?.text ?? null;
  }
}

/** The shared access the CPU's last step made, if any (then clears the record). */
export function takeAccess(cpu: CpuState, sym: Symbolizer | null): MemAccessInfo | undefined {
  const k = cpu.accKind;
  if (k === Access.None) return undefined;
  cpu.accKind = Access.None;
  const kind = k === (Access.Read | Access.Write) ? 'rmw' : k === Access.Write ? 'write' : 'read';
  const value = (BigInt(cpu.accHi >>> 0) << 32n) | BigInt(cpu.accLo >>> 0);
  return {
    kind,
    addr: cpu.accAddr,
    size: cpu.accSize,
    value: cpu.accSize === 8 ? value : value & ((1n << BigInt(cpu.accSize * 8)) - 1n),
    what: sym?.name(cpu.accAddr) ?? null,
  };
}
