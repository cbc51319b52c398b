/**
 * The verifier: kernel-faithful static checking of one program of a ProgramObject, with the
 * messages of Linux 6.18 (the CI kernel), checked against it by corpus.test.ts. Parts (PREVAIL's
 * split): domain (tnum.ts, scalar.ts, scalar-ops.ts), state (state.ts), transfer functions
 * (alu.ts, memory.ts, branch.ts, calls.ts, step.ts), checks before the walk (cfg.ts), the
 * path-sensitive driver with pruning and limits (driver.ts, prune.ts), and the log (log.ts).
 *
 * It is the engine's safety gate: nothing runs without passing it. It is not a full kernel
 * verifier: no kfuncs, BTF pointers, dynptrs, iterators, callbacks, tail calls or global
 * (non-static) functions; helpers outside helpers.ts are refused with an explicit message.
 */
import type { ProgramObject, SourceLoc } from '../object.ts';
import { checkCfg, checkInsns, checkStackDepth } from './cfg.ts';
import { INSN_LIMIT, type WalkStats, walk } from './driver.ts';
import { type Env, VerifyError } from './env.ts';
import { VerifierLog } from './log.ts';

export interface VerifyResult {
  accepted: boolean;
  error?: { message: string; insn: number; loc: SourceLoc | null };
  log: string;
  processed: number;
}

export interface VerifyOptions {
  /** 0: no log, 1: the failing path (kernel log_level 1), 2: every state (log_level 2). */
  logLevel?: 0 | 1 | 2;
  /** The program's source text, to print source lines in the log like the kernel does. */
  source?: string;
  /** Or the text of each line by `file:line` (e.g. from a .o's BTF: elf/index.ts elfLineText). */
  lineText?: Map<string, string>;
  /**
   * Possible CPUs (the kernel's nr_cpu_ids), the bound of bpf_get_smp_processor_id. Default 64,
   * the most the engine simulates: a program the kernel of a smaller machine accepts only
   * because it has few CPUs is rejected (pass the real count to mirror a given kernel).
   */
  nrCpus?: number;
}

export function verify(obj: ProgramObject, prog: string | number, opts: VerifyOptions = {}): VerifyResult {
  const p = typeof prog === 'number' ? obj.programs[prog] : obj.programs.find((x) => x.name === prog);
  if (!p)
    throw new Error(
      `no program ${JSON.stringify(prog)} in the object (have: ${obj.programs.map((x) => x.name).join(', ')})`,
    );
  const env: Env = { obj, prog: p, insns: p.insns, pc: 0, idGen: 0, nrCpus: opts.nrCpus ?? 64, stackDepth: new Map() };
  const lines = opts.source?.split('\n');
  const text = (loc: SourceLoc) => (lines ? lines[loc.line - 1] : opts.lineText?.get(`${loc.file}:${loc.line}`));
  const log = new VerifierLog(opts.logLevel ?? 0, obj, p, text);
  const stats: WalkStats = { processed: 0, totalStates: 0, peakStates: 0, maxStatesPerInsn: 0 };
  let error: VerifyResult['error'];
  try {
    if (p.insns.length === 0) throw new VerifyError('last insn is not an exit or jmp');
    checkInsns(env);
    checkCfg(env);
    walk(env, log, stats);
    checkStackDepth(env);
  } catch (e) {
    // A bug in the verifier must not let a program through, nor crash the page: reject it.
    const err = e instanceof VerifyError ? e : new VerifyError(`internal verifier error: ${(e as Error).message}`);
    for (const line of err.pre) log.push(line);
    log.push(err.message);
    error = { message: err.message, insn: env.pc, loc: p.lines[env.pc] ?? null };
  }
  const processed = Math.min(stats.processed, INSN_LIMIT + 1);
  log.push(
    `processed ${processed} insns (limit ${INSN_LIMIT}) max_states_per_insn ${stats.maxStatesPerInsn} total_states ${stats.totalStates} peak_states ${stats.peakStates} mark_read 0`,
  );
  return { accepted: !error, error, log: log.text(), processed };
}
