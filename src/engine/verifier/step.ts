/**
 * One instruction's effect on a state (the body of the kernel's do_check loop): loads, stores,
 * atomics, lddw, ALU, calls and jumps. Returns where the walk goes next; branches come back
 * as two states for the driver to schedule.
 */
import type { Insn } from '../isa/insn.ts';
import { checkAlu, checkDst, readReg, signExtend } from './alu.ts';
import { type BranchOutcome, condJump } from './branch.ts';
import { exit, helperCall, subprogCall } from './calls.ts';
import { type Env, fail } from './env.ts';
import { memAccess } from './memory.ts';
import { known, UNKNOWN } from './scalar.ts';
import { cur, ptrReg, scalarReg, type VState } from './state.ts';

export type Next =
  | { kind: 'goto'; pc: number }
  | { kind: 'branch'; out: BranchOutcome; target: number }
  | { kind: 'done' };

const SIZE = [4, 2, 1, 8];
const ATOMIC_RMW = new Set([0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1]);

function atomic(env: Env, st: VState, insn: Insn): void {
  const size = SIZE[(insn.code >> 3) & 3];
  if (!ATOMIC_RMW.has(insn.imm)) {
    if (insn.imm === 0x100 || insn.imm === 0x110)
      fail('load-acquire/store-release atomics are not supported by the Lockstep engine');
    fail(`BPF_ATOMIC uses invalid atomic opcode ${insn.imm.toString(16).padStart(2, '0')}`);
  }
  if (size !== 4 && size !== 8) fail('invalid atomic operand size');
  readReg(st, insn.src);
  const ptr = readReg(st, insn.dst);
  if (insn.imm === 0xf1) readReg(st, 0);
  if (ptr.type === 'ctx' || ptr.type === 'pkt' || ptr.type === 'pkt_meta')
    fail(`BPF_ATOMIC stores into R${insn.dst} ${ptr.type} is not allowed`);
  const a = { regno: insn.dst, off: insn.off, size, write: false, value: null };
  const loaded = memAccess(env, st, ptr, a, true);
  memAccess(env, st, ptr, { ...a, write: true }, true);
  if (insn.imm & 1) {
    const into = insn.imm === 0xf1 ? 0 : insn.src;
    cur(st).regs[into] = loaded && loaded.type !== 'scalar' ? loaded : scalarReg(loaded?.b ?? UNKNOWN);
  }
}

export function step(env: Env, st: VState, pc: number): Next {
  const insn = env.insns[pc];
  const f = cur(st);
  const cls = insn.code & 7;
  const mode = insn.code & 0xe0;
  switch (cls) {
    case 0: {
      if (insn.code !== 0x18) {
        if (!['socket_filter', 'sched_cls', 'sched_act', 'cgroup_skb'].includes(env.prog.type))
          fail('BPF_LD_[ABS|IND] instructions not allowed for this program type');
        fail('BPF_LD_[ABS|IND] instructions are not supported by the Lockstep engine');
      }
      if (insn.off !== 0) fail('BPF_LD_IMM64 uses reserved fields');
      checkDst(insn.dst);
      const next = env.insns[pc + 1];
      if (insn.src === 0)
        f.regs[insn.dst] = scalarReg(known(insn.imm64 ?? (BigInt(next.imm >>> 0) << 32n) | BigInt(insn.imm >>> 0)));
      else if (insn.src === 1) f.regs[insn.dst] = ptrReg('map_ptr', { map: env.obj.maps[insn.imm] });
      else f.regs[insn.dst] = ptrReg('map_value', { map: env.obj.maps[insn.imm], off: next.imm });
      return { kind: 'goto', pc: pc + 2 };
    }
    case 1: {
      const ptr = readReg(st, insn.src);
      checkDst(insn.dst);
      const size = SIZE[(insn.code >> 3) & 3];
      const r = memAccess(env, st, ptr, { regno: insn.src, off: insn.off, size, write: false, value: null })!;
      f.regs[insn.dst] = mode === 0x80 && r.type === 'scalar' ? scalarReg(signExtend(r.b, size * 8)) : r;
      return { kind: 'goto', pc: pc + 1 };
    }
    case 2:
    case 3: {
      if (cls === 3 && mode === 0xc0) {
        atomic(env, st, insn);
        return { kind: 'goto', pc: pc + 1 };
      }
      if (mode !== 0x60) fail(`unknown opcode ${insn.code.toString(16).padStart(2, '0')}`);
      if (cls === 3 && insn.imm !== 0) fail('BPF_STX uses reserved fields');
      if (cls === 2 && insn.src !== 0) fail('BPF_ST uses reserved fields');
      const value = cls === 3 ? readReg(st, insn.src) : null;
      const ptr = readReg(st, insn.dst);
      const size = SIZE[(insn.code >> 3) & 3];
      memAccess(env, st, ptr, {
        regno: insn.dst,
        off: insn.off,
        size,
        write: true,
        value,
        imm: cls === 2 ? insn.imm : undefined,
      });
      return { kind: 'goto', pc: pc + 1 };
    }
    case 4:
    case 7:
      checkAlu(env, st, insn);
      return { kind: 'goto', pc: pc + 1 };
    default:
      return jump(env, st, insn, pc);
  }
}

function jump(env: Env, st: VState, insn: Insn, pc: number): Next {
  const op = insn.code & 0xf0;
  const jmp32 = (insn.code & 7) === 6;
  if (op === 0x00) {
    if ((insn.code & 8) !== 0 || insn.src !== 0 || insn.dst !== 0 || (jmp32 ? insn.off !== 0 : insn.imm !== 0))
      fail('BPF_JA uses reserved fields');
    return { kind: 'goto', pc: pc + (jmp32 ? insn.imm : insn.off) + 1 };
  }
  if (op === 0x80) {
    if ((insn.code & 8) !== 0 || insn.off !== 0 || (insn.src !== 0 && insn.src !== 1) || insn.dst !== 0 || jmp32)
      fail('BPF_CALL uses reserved fields');
    if (st.lock && insn.src === 0 && insn.imm !== 94) fail('function calls are not allowed while holding a lock');
    if (insn.src === 1) return { kind: 'goto', pc: subprogCall(env, st, insn, pc) };
    helperCall(env, st, insn);
    return { kind: 'goto', pc: pc + 1 };
  }
  if (op === 0x90) {
    if ((insn.code & 8) !== 0 || insn.imm !== 0 || insn.src !== 0 || insn.dst !== 0 || jmp32)
      fail('BPF_EXIT uses reserved fields');
    const back = exit(env, st);
    return back < 0 ? { kind: 'done' } : { kind: 'goto', pc: back };
  }
  return { kind: 'branch', out: condJump(env, st, insn), target: pc + insn.off + 1 };
}
