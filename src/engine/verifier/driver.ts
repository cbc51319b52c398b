/**
 * The path-sensitive walk (the kernel's do_check): follow one path at a time, push the other
 * side of every undecided branch on a stack, and backtrack when a path exits or is pruned.
 * At prune points (jumps, their targets, calls) the state is compared with the states already
 * seen there: one that covers it and whose paths are all finished prunes it; an identical one
 * still on the current path is an infinite loop. Limits and messages are the kernel's:
 * 1,000,000 processed instructions and 8,192 pending branches.
 */
import { type Env, fail } from './env.ts';
import { flowGraph, liveness } from './liveness.ts';
import type { VerifierLog } from './log.ts';
import { precision } from './precision.ts';
import { covers, type FrameLive, fingerprint, sameState } from './prune.ts';
import { cloneState, newFrame, ptrReg, type VState } from './state.ts';
import { step } from './step.ts';

export const INSN_LIMIT = 1_000_000;
const JMP_SEQ_LIMIT = 8192;
const STATES_PER_INSN = 64;

interface Checkpoint {
  st: VState;
  branches: number;
  parent: Checkpoint | null;
  hit: number;
  miss: number;
  print: number;
}

interface Pending {
  st: VState;
  pc: number;
  from: number;
  parent: Checkpoint | null;
  mark: number;
}

export interface WalkStats {
  processed: number;
  totalStates: number;
  peakStates: number;
  maxStatesPerInsn: number;
}

function prunePoints(env: Env): Uint8Array {
  const { insns } = env;
  const p = new Uint8Array(insns.length + 1);
  for (let pc = 0; pc < insns.length; pc++) {
    const i = insns[pc];
    const cls = i.code & 7;
    if (i.code === 0x18) {
      pc++;
      continue;
    }
    if (cls !== 5 && cls !== 6) continue;
    const op = i.code & 0xf0;
    const target = pc + (cls === 6 && op === 0 ? i.imm : i.off) + 1;
    if (op === 0x00) p[target] = 1;
    else if (op === 0x80) {
      p[pc + 1] = 1;
      if (i.src === 1) p[pc] = 1;
    } else if (op !== 0x90) {
      p[pc] = 1;
      p[target] = 1;
    }
  }
  return p;
}

export function walk(env: Env, log: VerifierLog, stats: WalkStats): void {
  const main = newFrame(-1, 0, 0);
  main.regs[1] = ptrReg('ctx');
  let st: VState = { frames: [main], lock: null };
  let pc = 0;
  let parent: Checkpoint | null = null;
  const pending: Pending[] = [];
  const explored = new Map<number, Checkpoint[]>();
  const prune = prunePoints(env);
  const graph = flowGraph(env.insns);
  const live = liveness(env.insns, graph);
  const precise = precision(env.insns, graph);
  // Caller frames are compared with what they read after the call returns (R0-R5 are rewritten).
  const liveAt = (s: VState, at: number): FrameLive[] =>
    s.frames.map((_f, i) => {
      const p = i === s.frames.length - 1 ? at : s.frames[i + 1].callsite + 1;
      const keep = i === s.frames.length - 1 ? 0xffff : ~0b111111;
      return {
        regs: live.regs[p] & keep,
        stack: live.stack[p],
        preciseRegs: precise.regs[p] & keep,
        preciseStack: precise.stack[p],
      };
    });
  let jumps = 0;
  let lastJumps = 0;
  let lastProcessed = 0;
  log.state('0: ', st);

  const finishPath = () => {
    for (let c = parent; c; c = c.parent) if (--c.branches > 0) break;
  };
  const popNext = (): boolean => {
    const next = pending.pop();
    if (!next) return false;
    ({ st, pc, parent } = next);
    log.rewind(next.mark);
    log.state(`from ${next.from} to ${next.pc}: `, st);
    return true;
  };

  for (;;) {
    env.pc = pc;
    if (++stats.processed > INSN_LIMIT) fail(`BPF program is too large. Processed ${stats.processed} insn`);
    if (prune[pc]) {
      let list = explored.get(pc);
      if (!list) {
        list = [];
        explored.set(pc, list);
      }
      // Like the kernel: only remember a new state after >= 2 jumps and >= 8 instructions since
      // the last one, and not too often while going round a loop.
      let addNew = jumps - lastJumps >= 2 && stats.processed - lastProcessed >= 8;
      let pruned = false;
      let print: number | null = null;
      let frameLive: FrameLive[] | undefined;
      const liveNow = () => {
        frameLive ??= liveAt(st, pc);
        return frameLive;
      };
      for (let k = 0; k < list.length; k++) {
        const cp = list[k];
        if (cp.branches > 0) {
          print ??= fingerprint(st);
          if (cp.print === print && sameState(cp.st, st)) fail(`infinite loop detected at insn ${pc}`);
          if (jumps - lastJumps < 20 && stats.processed - lastProcessed < 100) addNew = false;
        } else if (covers(cp.st, st, liveNow())) {
          cp.hit++;
          pruned = true;
          break;
        } else if (++cp.miss > cp.hit * 3 + 3) {
          // A state that keeps failing to prune is dropped (the kernel's eviction heuristic).
          list.splice(k--, 1);
          stats.peakStates--;
        }
      }
      if (pruned) {
        if (log.level === 2) log.push(`${pc}: safe`);
        finishPath();
        if (!popNext()) return;
        continue;
      }
      if (addNew && list.length < STATES_PER_INSN) {
        const cp: Checkpoint = {
          st: cloneState(st),
          branches: 1,
          parent,
          hit: 0,
          miss: 0,
          print: print ?? fingerprint(st),
        };
        list.push(cp);
        parent = cp;
        lastJumps = jumps;
        lastProcessed = stats.processed;
        stats.totalStates++;
        stats.peakStates++;
        stats.maxStatesPerInsn = Math.max(stats.maxStatesPerInsn, list.length);
        if (log.level === 2) log.state(`${pc}: `, st);
      }
    }
    const insn = env.insns[pc];
    if ((insn.code & 7) === 5 || (insn.code & 7) === 6) jumps++;
    log.insn(pc, insn);
    const next = step(env, st, pc);
    if (next.kind === 'goto') log.after(insn, st);
    if (next.kind === 'goto') {
      pc = next.pc;
      continue;
    }
    if (next.kind === 'done') {
      finishPath();
      if (!popNext()) return;
      continue;
    }
    const { taken, fall } = next.out;
    if (taken && fall) {
      pending.push({ st: taken, pc: next.target, from: pc, parent, mark: log.mark() });
      if (parent) parent.branches++;
      if (pending.length > JMP_SEQ_LIMIT) fail(`The sequence of ${pending.length} jumps is too complex.`);
      st = fall;
      pc = pc + 1;
    } else if (taken) {
      st = taken;
      pc = next.target;
    } else {
      st = fall!;
      pc = pc + 1;
    }
  }
}
