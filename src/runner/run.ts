/**
 * `lockstep run` on this machine's kernel: check the machine can (permissions, tools, kernel
 * version, what the lab needs), build the lab in a temporary directory with labs/Makefile
 * (vmlinux.h from the running kernel's BTF, clang -O2 -g -target bpf -mcpu=v3, bpftool gen
 * skeleton, the reference program against libbpf), run it, read its JSON and grade it with
 * the lab's checks. The temporary directory is removed whatever happens. Node-only.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseResults, type RunResult } from '../engine/results.ts';
import { gradeRun, type LabDef } from '../labs/grade.ts';
import { findLab } from '../labs/registry.ts';
import { runChild } from './child.ts';
import { requireHealth } from './doctor.ts';
import { RunnerError } from './errors.ts';
import { labsDir } from './paths.ts';
import { kernelVersion, versionAtLeast } from './system.ts';

export interface KernelRunOptions {
  lab: string;
  /** A BPF C file to run instead of the solution. */
  file?: string;
  starter?: boolean;
  cpus?: number;
  events?: number;
  /** For the run itself (the build has its own, generous limit). */
  timeoutMs?: number;
  /** Echo build commands as they run. */
  verbose?: boolean;
}

export interface KernelRun {
  lab: LabDef;
  source: string;
  result: RunResult;
}

const BUILD_TIMEOUT_MS = 180_000;

function positive(name: string, v: number | undefined, max: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > max)) {
    throw new RunnerError('bad-args', `--${name} must be an integer in 1..${max}, got ${v}`);
  }
}

/** Checks arguments and this machine before anything is built. */
export function preflight(def: LabDef, opts: KernelRunOptions): { source: string; cpus: number; events: number } {
  const meta = def.meta;
  positive('cpus', opts.cpus, 64);
  positive('events', opts.events, 2 ** 31 - 1);
  if (opts.file && opts.starter) throw new RunnerError('bad-args', 'use --file or --starter, not both');
  const dir = labsDir();
  const source = opts.file ? resolve(opts.file) : join(dir, meta.id, opts.starter ? 'starter.bpf.c' : 'solution.bpf.c');
  if (!existsSync(source)) throw new RunnerError('no-such-file', `no such file: ${source}`);
  const cpus = opts.cpus ?? meta.kernel.cpus ?? meta.defaults.cpus;
  const events = opts.events ?? meta.kernel.events ?? meta.defaults.events;
  if (process.platform !== 'linux')
    throw new RunnerError('not-linux', 'real-kernel runs need Linux (try `lockstep sim`)');
  requireHealth(['permission', 'kernel', 'clang', 'libbpf', 'bpftool', 'make', 'cc']);
  if (!versionAtLeast(kernelVersion(), meta.kernel.minVersion)) {
    throw new RunnerError(
      'old-kernel',
      `${meta.id} needs Linux ≥ ${meta.kernel.minVersion}; this is ${kernelVersion().join('.')}`,
    );
  }
  requireHealth(meta.kernel.needs.map((n) => (n === 'btf' ? 'btf' : 'tracefs')));
  const online = availableParallelism();
  if (cpus > online) throw new RunnerError('bad-args', `--cpus ${cpus}: this machine lets us use ${online} CPUs`);
  return { source, cpus, events };
}

/** Builds and runs a lab; the result carries the graded checks. */
export async function runOnKernel(opts: KernelRunOptions): Promise<KernelRun> {
  const def = findLab(opts.lab);
  const { source, cpus, events } = preflight(def, opts);
  const id = def.meta.id;
  const out = mkdtempSync(join(tmpdir(), `lockstep-${id}-`));
  try {
    const make = await runChild(
      'make',
      ['-s', '-f', join(labsDir(), 'Makefile'), `LAB=${id}`, `BPF=${source}`, `OUT=${out}`],
      {
        what: `building ${id}`,
        timeoutMs: BUILD_TIMEOUT_MS,
        echoStderr: opts.verbose,
      },
    );
    if (make.code !== 0) {
      const log = (make.stderr || make.stdout).trim();
      // The BPF object built but the reference program does not fit it: a renamed symbol.
      const renamed = /no member named/.test(log)
        ? `\nThe reference program (labs/${id}/reference/${id}.c) uses ${def.meta.program.name}() and the lab's globals and maps by name: keep those names in your file.`
        : '';
      throw new RunnerError('build-failed', `building ${id} from ${source} failed:\n${log}${renamed}`);
    }
    const exe = join(out, id);
    const run = await runChild(exe, ['--cpus', String(cpus), '--events', String(events)], {
      what: `running ${id}`,
      timeoutMs: opts.timeoutMs ?? 120_000,
    });
    if (run.code !== 0) {
      throw new RunnerError('run-failed', `${id} exited with ${run.code ?? run.signal}:\n${run.stderr.trim()}`);
    }
    let result: RunResult;
    try {
      result = parseResults(run.stdout) as RunResult;
    } catch (e) {
      throw new RunnerError(
        'bad-output',
        `${id} printed no valid JSON (${(e as Error).message}):\n${run.stdout.slice(0, 400)}`,
      );
    }
    if (result?.engine !== 'kernel' || typeof result.globals !== 'object') {
      throw new RunnerError('bad-output', `${id} printed JSON that is not a results object`);
    }
    result.checks = gradeRun(def, result);
    return { lab: def, source, result };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
