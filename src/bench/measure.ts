/**
 * One row of `lockstep bench`: a lab program measured on the interpreter (deterministic mode),
 * the JIT (parallel mode, one worker per CPU) and the real kernel (the lab's reference program,
 * built with clang and run through labs/common on pinned threads), on the same CPU count.
 *
 * Every rate is events per second per CPU: events per CPU divided by the time the run took
 * (interpreter: the whole deterministic run on one thread, all CPUs interleaved; JIT: each
 * worker's time from the start barrier to its last event, averaged over CPUs; kernel: the
 * kernel's own BPF_PROG_TEST_RUN time, see kernel.ts). A figure the machine cannot produce is
 * null, with the reason in `notes`. The JIT and the kernel are each run `repeats` times and
 * their best rate kept (the same rule for both: a busy machine only ever slows a run down).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTimeMs } from '../engine/compiler/bench.ts';
import { compile } from '../engine/compiler/index.ts';
import { run } from '../engine/machine/index.ts';
import { type CpuOutcome, runParallel } from '../engine/parallel/index.ts';
import { measureVerify } from '../engine/verifier/bench.ts';
import type { LabDef } from '../labs/grade.ts';

export interface BenchRow {
  lab: string;
  program: string;
  /** starter or solution */
  source: 'starter' | 'solution';
  interp: number | null;
  jit: number | null;
  /** The JIT's rate by wall-clock time of each worker (time the OS ran others included). */
  jitWall: number | null;
  kernel: number | null;
  /** The kernel's rate by wall-clock time of each test run (syscall and setup included). */
  kernelWall: number | null;
  compileMs: number | null;
  verifyMs: number | null;
  /** jit / interp and jit / kernel, when both are known. */
  jitOverInterp: number | null;
  jitOverKernel: number | null;
  notes: string[];
}

export interface BenchOptions {
  cpus: number;
  interpEvents: number;
  jitEvents: number;
  /** Real-kernel events per CPU (default: jitEvents). */
  kernelEvents?: number;
  kernel: boolean;
  /** JIT and kernel runs per program; the best rate of each is reported (default 3). */
  repeats: number;
  labsDir: string;
}

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);

export async function measureLab(def: LabDef, source: 'starter' | 'solution', o: BenchOptions): Promise<BenchRow> {
  const id = def.meta.id;
  const prog = def.meta.program.name;
  const row: BenchRow = {
    lab: id,
    program: prog,
    source,
    interp: null,
    jit: null,
    jitWall: null,
    kernel: null,
    kernelWall: null,
    compileMs: null,
    verifyMs: null,
    jitOverInterp: null,
    jitOverKernel: null,
    notes: [],
  };
  const path = join(o.labsDir, id, `${source}.bpf.c`);
  const input = { path, source: readFileSync(path, 'utf8') };
  const out = compile(input);
  const obj = out.object;
  if (!obj) {
    row.notes.push(`compile failed: ${out.diagnostics[0]?.message ?? 'no object'}`);
    return row;
  }
  // Medians after warm-up (DESIGN §6 goals: compile < 5 ms, verify < 10 ms per lab program).
  row.compileMs = compileTimeMs(input).medianMs;
  const v = measureVerify(obj, prog);
  row.verifyMs = v.medianMs;
  if (!v.accepted) row.notes.push('the verifier rejects it');

  const interp = await run(obj, prog, { cpus: o.cpus, events: o.interpEvents, scheduler: 'round-robin' });
  if (interp.error) row.notes.push(`interp: ${interp.error.message}`);
  else row.interp = o.interpEvents / (interp.durationNs / 1e9);

  for (let i = 0; i < o.repeats; i++) {
    // No barrier between batches: kernel-bench's threads do not synchronise either. The rate
    // uses each worker thread's CPU time where the host reports it (Node), as the kernel's
    // test_run duration leaves out time its thread was not running.
    let perCpu: CpuOutcome[] = [];
    const jit = await runParallel(
      obj,
      prog,
      { mode: 'parallel', engine: 'jit', cpus: o.cpus, events: o.jitEvents },
      { lockstep: false, onCpus: (c) => (perCpu = c) },
    );
    if (jit.error) {
      row.notes.push(`jit: ${jit.error.message}`);
      break;
    }
    const rate = perCpu.reduce((s, c) => s + c.events / ((c.cpuNs ?? c.ns) / 1e9), 0) / perCpu.length;
    row.jit = Math.max(row.jit ?? 0, rate);
    row.jitWall = Math.max(row.jitWall ?? 0, 1e9 / jit.nsPerEvent);
  }

  if (o.kernel) {
    try {
      const { measureKernel } = await import('./kernel.ts');
      for (let i = 0; i < o.repeats; i++) {
        const k = measureKernel(path, prog, def.meta.program.type, o.cpus, o.kernelEvents ?? o.jitEvents);
        row.kernel = Math.max(row.kernel ?? 0, k.rate);
        row.kernelWall = Math.max(row.kernelWall ?? 0, k.wallRate);
        if (k.note && i === 0) row.notes.push(k.note);
      }
    } catch (e) {
      const err = e as Error & { stderr?: string };
      row.notes.push(`kernel: ${(err.stderr?.trim() || err.message).split('\n')[0]}`);
    }
  } else row.notes.push('kernel not measured (--no-kernel)');
  row.jitOverInterp = ratio(row.jit, row.interp);
  row.jitOverKernel = ratio(row.jit, row.kernel);
  return row;
}
