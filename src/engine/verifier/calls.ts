/**
 * Calls and exits: helper calls (availability, argument types, memory arguments, return
 * types, the ARRAY constant-key non-NULL rule), bpf_spin_lock/unlock bookkeeping and every
 * spin-lock rule, BPF-to-BPF calls (new frame) and returns, and the main program's exit
 * (lock held, return value range).
 */
import { helperName } from '../isa/index.ts';
import type { Insn } from '../isa/insn.ts';
import { MapType } from '../object.ts';
import { readReg } from './alu.ts';
import { type Env, fail, lockOff, MAX_VAR_OFF, mapHasBtf, nextId } from './env.ts';
import { type ArgType, accepts, COMPATIBLE, helperProto } from './helpers.ts';
import { constStackKey, helperMemAccess } from './memory.ts';
import { isConst, S64_MAX, S64_MIN, sync, UNKNOWN } from './scalar.ts';
import { cur, NOT_INIT, newFrame, ptrReg, type Reg, scalarReg, type VState } from './state.ts';

const SPIN_LOCK = 93;
const GET_SMP_PROCESSOR_ID = 8;
const MAX_CALL_FRAMES = 8;

function spinLock(st: VState, reg: Reg, regno: number, lock: boolean): void {
  if (!isConst(reg.b)) fail(`R${regno} doesn't have constant offset. bpf_spin_lock has to be at the constant offset`);
  const map = reg.map!;
  if (!mapHasBtf(map)) fail(`map '${map.name}' has to have BTF in order to use bpf_spin_lock`);
  if (lockOff(map) < 0) fail(`map '${map.name}' has no valid bpf_spin_lock`);
  const off = Number(BigInt.asIntN(64, reg.b.t.value)) + reg.off;
  if (off !== lockOff(map)) fail(`off ${off} doesn't point to 'struct bpf_spin_lock' that is at ${lockOff(map)}`);
  if (lock) {
    if (st.lock) fail('Locking two bpf_spin_locks are not allowed');
    st.lock = { id: reg.id, map };
  } else {
    if (!st.lock) fail('bpf_spin_unlock without taking a lock');
    if (st.lock.id !== reg.id || st.lock.map !== map) fail('bpf_spin_unlock of different lock');
    st.lock = null;
  }
}

function typeError(regno: number, reg: Reg, arg: ArgType): never {
  return fail(`R${regno} type=${reg.type} expected=${COMPATIBLE[arg].join(', ')}`);
}

export function helperCall(env: Env, st: VState, insn: Insn): void {
  const f = cur(st);
  const id = insn.imm;
  const found = helperProto(id, env.prog.type);
  if (!found.ok) fail(found.message);
  const proto = found.proto;
  if (
    proto.gpl &&
    !/^(GPL|GPL v2|GPL and additional rights|Dual BSD\/GPL|Dual MIT\/GPL|Dual MPL\/GPL)$/.test(env.obj.license)
  )
    fail('cannot call GPL-restricted function from non-GPL compatible program');
  let map: Reg['map'] = null;
  let constKey: bigint | null = null;
  for (let i = 0; i < proto.args.length; i++) {
    const arg = proto.args[i];
    const regno = i + 1;
    const reg = readReg(st, regno);
    if (arg === 'anything') continue;
    if (!accepts(arg, reg.type)) typeError(regno, reg, arg);
    switch (arg) {
      case 'map_ptr':
        map = reg.map;
        break;
      case 'map_key':
        helperMemAccess(env, st, reg, regno, map!.keySize, false);
        if (map!.type === MapType.ARRAY || map!.type === MapType.PERCPU_ARRAY)
          constKey = constStackKey(st, reg, map!.keySize);
        break;
      case 'map_value':
        helperMemAccess(env, st, reg, regno, map!.valueSize, false);
        break;
      case 'spin_lock':
        spinLock(st, reg, regno, id === SPIN_LOCK);
        break;
      case 'const_size':
      case 'const_size_or_zero': {
        const b = reg.b;
        if (b.smin < 0n) fail(`R${regno} min value is negative, either use unsigned or 'var &= const'`);
        if (b.umin === 0n && arg === 'const_size') fail(`R${regno} invalid zero-sized read: u64=[${b.umin},${b.umax}]`);
        if (b.umax >= BigInt(MAX_VAR_OFF))
          fail(`R${regno} unbounded memory access, use 'var &= const' or 'if (var < const)'`);
        const memReg = f.regs[regno - 1];
        helperMemAccess(env, st, memReg, regno - 1, Number(b.umax), proto.args[i - 1] === 'uninit_mem');
        break;
      }
      default:
        break;
    }
  }
  if (map && (map.type === MapType.ARRAY_OF_MAPS || map.type === MapType.HASH_OF_MAPS) && id !== 1)
    fail(`cannot pass map_type ${map.type} into func ${helperName(id)}#${id}`);
  for (let r = 1; r <= 5; r++) f.regs[r] = NOT_INIT;
  if (proto.ret === 'void') f.regs[0] = NOT_INIT;
  else if (id === GET_SMP_PROCESSOR_ID)
    f.regs[0] = scalarReg(sync({ ...UNKNOWN, umin: 0n, umax: BigInt(env.nrCpus - 1) }) ?? UNKNOWN);
  else if (proto.ret === 'int') f.regs[0] = scalarReg(UNKNOWN);
  else {
    const nonNull = constKey !== null && constKey < BigInt(map!.maxEntries);
    if (nonNull) f.regs[0] = ptrReg('map_value', { map, id: lockOff(map!) >= 0 ? nextId(env) : 0 });
    else f.regs[0] = ptrReg('map_value_or_null', { map, id: nextId(env) });
  }
}

/** BPF-to-BPF call: push a frame; R1-R5 pass over, the callee starts at its first slot. */
export function subprogCall(env: Env, st: VState, insn: Insn, pc: number): number {
  if (st.frames.length >= MAX_CALL_FRAMES) fail(`the call stack of ${st.frames.length + 1} frames is too deep`);
  const caller = cur(st);
  const callee = newFrame(pc, st.frames.length, pc + insn.imm + 1);
  for (let r = 1; r <= 5; r++) callee.regs[r] = caller.regs[r];
  for (let r = 1; r <= 5; r++) caller.regs[r] = NOT_INIT;
  st.frames.push(callee);
  void env;
  return pc + insn.imm + 1;
}

/** BPF_EXIT. Returns the next pc in the caller, or -1 when the main program finished. */
export function exit(env: Env, st: VState): number {
  if (st.frames.length === 1 && st.lock)
    fail('BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region');
  if (st.frames.length > 1) {
    const callee = st.frames.pop()!;
    const r0 = callee.regs[0];
    if (r0.type === 'fp') fail('cannot return stack pointer to the caller');
    cur(st).regs[0] = r0;
    return callee.callsite + 1;
  }
  const r0 = readReg(st, 0);
  const range = returnRange(env);
  if (range) {
    if (r0.type !== 'scalar') fail(`At program exit the register R0 is not a known value (${r0.type})`);
    const lo = BigInt(range[0]);
    const hi = BigInt(range[1]);
    if (r0.b.s32min < lo || r0.b.s32max > hi) {
      const parts = [
        r0.b.smin > S64_MIN ? ` smin=${r0.b.smin}` : '',
        r0.b.smax < S64_MAX ? ` smax=${r0.b.smax}` : '',
      ].join('');
      fail(
        `At program exit the register R0 has${parts || ' unknown scalar value'} should have been in [${range[0]}, ${range[1]}]`,
      );
    }
  }
  return -1;
}

function returnRange(env: Env): [number, number] | null {
  const p = env.prog;
  if (p.type === 'cgroup_skb') return p.attachTo === 'egress' ? [0, 3] : [0, 1];
  if (p.type === 'tracing' && /^(fentry|fexit)\//.test(p.section)) return [0, 0];
  return null;
}
