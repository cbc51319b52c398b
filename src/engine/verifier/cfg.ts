/**
 * Checks before the path walk, in the kernel's order: per-instruction sanity and map
 * references (including which program types may touch a map holding a bpf_spin_lock), function
 * boundaries (jumps must stay inside their function, which must end in exit or jump), and the
 * control-flow graph (jump targets in range, every instruction reachable). Loops are allowed
 * here; whether they terminate is the path walk's business.
 */
import { isValidOpcode } from '../isa/index.ts';
import type { Insn } from '../isa/insn.ts';
import type { ProgType } from '../object.ts';
import { type Env, fail, lockOff } from './env.ts';

/** Opcodes this kernel knows beyond the engine's ISA table: 8/16-bit BPF_ATOMIC (load-acquire). */
const EXTRA_OPCODES = new Set([0xd3, 0xcb]);
const TRACING: ProgType[] = ['kprobe', 'tracepoint', 'perf_event', 'raw_tracepoint'];

const isJmpClass = (code: number) => (code & 7) === 5 || (code & 7) === 6;
const op = (code: number) => code & 0xf0;

/** Where control goes after `pc` (targets may be out of range; the caller checks). */
export function successors(insns: Insn[], pc: number): number[] {
  const i = insns[pc];
  if (i.code === 0x18) return [pc + 2];
  if (!isJmpClass(i.code)) return [pc + 1];
  if (op(i.code) === 0x90) return [];
  if (op(i.code) === 0x80) return i.src === 1 ? [pc + 1, pc + i.imm + 1] : [pc + 1];
  if (op(i.code) === 0x00) return [pc + ((i.code & 7) === 6 ? i.imm : i.off) + 1];
  return [pc + 1, pc + i.off + 1];
}

/** The kernel's resolve_pseudo_ldimm64 pass: returns at the first bad instruction. */
export function checkInsns(env: Env): void {
  const { insns, obj, prog } = env;
  for (let pc = 0; pc < insns.length; pc++) {
    env.pc = pc;
    const i = insns[pc];
    if ((i.code & 7) === 1 && (((i.code & 0xe0) !== 0x60 && (i.code & 0xe0) !== 0x80) || i.imm !== 0))
      fail('BPF_LDX uses reserved fields');
    if (i.code === 0x18) {
      const next = insns[pc + 1];
      if (next?.code !== 0 || next.dst !== 0 || next.src !== 0 || next.off !== 0) fail('invalid bpf_ld_imm64 insn');
      if (i.src === 1 || i.src === 2) {
        const map = obj.maps[i.imm];
        if (!map) fail(`fd ${i.imm} is not pointing to valid bpf_map`);
        if (i.src === 2 && (next.imm < 0 || next.imm >= map.valueSize))
          fail(`invalid access to map value pointer, value_size=${map.valueSize} off=${next.imm}`);
        if (lockOff(map) >= 0) {
          if (prog.type === 'socket_filter') fail('socket filter progs cannot use bpf_spin_lock yet');
          if (TRACING.includes(prog.type)) fail('tracing progs cannot use bpf_spin_lock yet');
        }
      } else if (i.src !== 0) {
        fail(`unrecognized bpf_ld_imm64 insn`);
      }
      pc++;
      continue;
    }
    if (!isValidOpcode(i.code) && !EXTRA_OPCODES.has(i.code))
      fail(`unknown opcode ${i.code.toString(16).padStart(2, '0')}`);
  }
}

/** Function boundaries and the control-flow graph. */
export function checkCfg(env: Env): void {
  const { insns } = env;
  const n = insns.length;
  const starts = new Set<number>([0]);
  for (let pc = 0; pc < n; pc++) {
    const i = insns[pc];
    if (i.code === 0x85 && i.src === 1) {
      const t = pc + i.imm + 1;
      env.pc = pc;
      if (t < 0 || t >= n) fail('call to invalid destination');
      starts.add(t);
    }
    if (i.code === 0x18) pc++;
  }
  const sorted = [...starts].sort((a, b) => a - b);
  for (let s = 0; s < sorted.length; s++) {
    const start = sorted[s];
    const end = s + 1 < sorted.length ? sorted[s + 1] : n;
    for (let pc = start; pc < end; pc++) {
      const i = insns[pc];
      env.pc = pc;
      if (isJmpClass(i.code) && op(i.code) !== 0x80 && op(i.code) !== 0x90) {
        const t = successors(insns, pc).at(-1)!;
        if (t < start || t >= end) fail(`jump out of range from insn ${pc} to ${t}`);
      }
      if (pc === end - 1) {
        const last = insns[pc];
        const ok = isJmpClass(last.code) && (op(last.code) === 0x90 || op(last.code) === 0x00);
        if (!ok) fail('last insn is not an exit or jmp');
      }
      if (i.code === 0x18) pc++;
    }
  }
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const pc = stack.pop()!;
    for (const t of successors(insns, pc)) {
      env.pc = pc;
      if (t < 0 || t >= n) fail(`jump out of range from insn ${pc} to ${t}`);
      if (!seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  for (let pc = 0; pc < n; pc++) {
    env.pc = pc;
    if (!seen[pc]) fail(`unreachable insn ${pc}`);
    if (insns[pc].code === 0x18) {
      if (seen[pc + 1]) fail(`jump into the middle of ldimm64 insn ${pc}`);
      pc++;
    }
  }
}

/**
 * After the walk: the stacks of a chain of calls must fit in 512 bytes together, each frame
 * rounded up to 16 bytes as with the JIT (the kernel's check_max_stack_depth).
 */
export function checkStackDepth(env: Env): void {
  const { insns } = env;
  const calls = insns.flatMap((i, pc) => (i.code === 0x85 && i.src === 1 ? [pc + i.imm + 1] : []));
  const starts = [...new Set([0, ...calls])].sort((a, b) => a - b);
  const end = (f: number) => starts.find((s) => s > f) ?? insns.length;
  const visit = (f: number, frames: number, acc: number, seen: number[]): void => {
    const total = acc + Math.ceil((env.stackDepth.get(f) ?? 0) / 16) * 16;
    if (total > 512) fail(`combined stack size of ${frames} calls is ${total}. Too large`);
    if (seen.includes(f) || frames > 8) return;
    for (let pc = f; pc < end(f); pc++) {
      const i = insns[pc];
      if (i.code === 0x85 && i.src === 1) visit(pc + i.imm + 1, frames + 1, total, [...seen, f]);
    }
  };
  visit(0, 1, 0, []);
}
