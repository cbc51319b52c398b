/**
 * Emission: lowered functions → one BpfProgram per SEC() function. The entry function comes
 * first and every `noinline` function it (transitively) calls is appended after it; labels
 * become slot-relative jump offsets (lddw counts two slots), BPF-to-BPF calls get their
 * relative `imm`, and every slot gets its source position (filler slots get null).
 */
import type { Insn } from '../isa/insn.ts';
import type { BpfProgram, SourceLoc } from '../object.ts';
import type { FuncSym } from './ast.ts';
import { Code, fail } from './diag.ts';
import type { DataLayout } from './globals.ts';
import { FnGen } from './lower.ts';
import type { Item, Label } from './lower-expr.ts';
import { progTypeOf } from './sections.ts';

interface Lowered {
  fn: FuncSym;
  items: (Item | Label)[];
}

export function emitProgram(entry: FuncSym, data: DataLayout): BpfProgram {
  const section = entry.section!;
  const pt = progTypeOf(section);
  if (!pt)
    fail(Code.section, `program '${entry.name}': unknown section name "${section}" (missing BPF prog type)`, entry.pos);
  if (entry.params.length > 1) fail(Code.type, `program '${entry.name}' must take one context argument`, entry.pos);
  const order: Lowered[] = [];
  const seen = new Set<FuncSym>();
  const queue = [entry];
  seen.add(entry);
  while (queue.length) {
    const fn = queue.shift()!;
    const g = new FnGen(data, fn);
    g.run();
    order.push({ fn, items: peephole(g.code) });
    for (const c of g.callees) {
      if (!seen.has(c)) {
        seen.add(c);
        queue.push(c);
      }
    }
  }
  const insns: Insn[] = [];
  const lines: (SourceLoc | null)[] = [];
  const funcs: { name: string; start: number }[] = [];
  const calls: { pc: number; callee: FuncSym }[] = [];
  for (const { fn, items } of order) {
    const start = insns.length;
    funcs.push({ name: fn.name, start });
    const at = new Map<number, number>();
    let pc = start;
    for (const it of items) {
      if ('label' in it) at.set(it.id, pc);
      else pc += it.insn.code === 0x18 ? 2 : 1;
    }
    pc = start;
    for (const it of items) {
      if ('label' in it) continue;
      const insn = { ...it.insn };
      if (it.jump) {
        const off = at.get(it.jump.id)! - pc - 1;
        if (off < -32768 || off > 32767) fail(Code.limit, 'program too large: jump offset out of range', it.loc);
        insn.off = off;
      }
      if (it.callee) calls.push({ pc, callee: it.callee });
      insns.push(insn);
      lines.push({ file: it.loc.file, line: it.loc.line, col: it.loc.col });
      pc++;
      if (insn.code === 0x18) {
        insns.push({ code: 0, dst: 0, src: 0, off: 0, imm: Number(BigInt.asIntN(32, (insn.imm64 ?? 0n) >> 32n)) });
        lines.push(null);
        pc++;
      }
    }
  }
  for (const c of calls) {
    const target = funcs.find((f) => f.name === c.callee.name)!.start;
    insns[c.pc].imm = target - c.pc - 1;
  }
  if (insns.length > 1_000_000) fail(Code.limit, 'program too large', entry.pos);
  return { name: entry.name, section, type: pt.type, attachTo: pt.attachTo, insns, lines, funcs };
}

/**
 * Drop unreachable instructions (the kernel rejects them: "unreachable insn N"), e.g. the jump
 * over an else branch after a `return`, then jumps to the very next instruction.
 */
function peephole(items0: (Item | Label)[]): (Item | Label)[] {
  const where = new Map<number, number>();
  items0.forEach((it, k) => {
    if ('label' in it) where.set(it.id, k);
  });
  const live = new Uint8Array(items0.length);
  const work = [0];
  while (work.length) {
    const k = work.pop()!;
    if (k >= items0.length || live[k]) continue;
    live[k] = 1;
    const it = items0[k];
    if ('label' in it) {
      work.push(k + 1);
      continue;
    }
    const code = it.insn.code;
    if (code === 0x95) continue;
    if (it.jump) work.push(where.get(it.jump.id)!);
    if (code !== 0x05) work.push(k + 1);
  }
  const items = items0.filter((it, k) => 'label' in it || live[k]);
  const out: (Item | Label)[] = [];
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (!('label' in it) && it.jump && it.insn.code === 0x05) {
      let j = k + 1;
      let hit = false;
      while (j < items.length && 'label' in items[j]) {
        if ((items[j] as Label).id === it.jump.id) hit = true;
        j++;
      }
      if (hit) continue;
    }
    out.push(it);
  }
  return out;
}
