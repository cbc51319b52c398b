/**
 * The kernel column of `lockstep bench`: the lab's BPF C built with clang (the oracle's
 * clangBuild: -O2 -g -target bpf -mcpu=v3), loaded once with libbpf, and run by kernel-bench.c
 * on one pinned thread per CPU through BPF_PROG_TEST_RUN with repeat = events. The rate uses
 * the kernel's own per-run time (test_run `duration`), which leaves out the syscall and the
 * XDP dispatcher swap that each test run pays once; the wall-clock rate is reported beside it.
 *
 * BPF_PROG_TEST_RUN cannot run tracepoint programs, so a `tracepoint` lab program is built
 * with its SEC() changed to "xdp" — the same body, the same helpers (bpf_get_current_pid_tgid
 * is allowed in XDP on this kernel) — and the row says so. Node-only; throws with the reason
 * when the machine cannot (no root, no clang or libbpf).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clangBuild } from '../testing/oracle/index.ts';

const HARNESS = join(import.meta.dirname, 'kernel-bench.c');

function workDir(): string {
  const dir = join(tmpdir(), 'lockstep-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Builds kernel-bench (cached by the source's hash). */
function harness(): string {
  const src = readFileSync(HARNESS);
  const exe = join(workDir(), `kernel-bench-${createHash('sha256').update(src).digest('hex').slice(0, 12)}`);
  if (!existsSync(exe))
    execFileSync('cc', ['-O2', '-Wall', HARNESS, '-lbpf', '-lpthread', '-o', exe], { stdio: 'pipe' });
  return exe;
}

export interface KernelFigure {
  /** Events per second per CPU from the kernel's per-run time, averaged over CPUs. */
  rate: number;
  /** Events per second per CPU from the wall time of each thread's test run. */
  wallRate: number;
  note: string | null;
}

export function measureKernel(
  sourcePath: string,
  prog: string,
  progType: string,
  cpus: number,
  events: number,
): KernelFigure {
  let path = sourcePath;
  let note: string | null = null;
  if (progType === 'tracepoint' || progType === 'raw_tracepoint' || progType === 'tp_btf') {
    const text = readFileSync(sourcePath, 'utf8').replace(
      /SEC\("(?:tracepoint|tp|raw_tp|raw_tracepoint|tp_btf)\/[^"]*"\)/,
      'SEC("xdp")',
    );
    path = join(workDir(), `${createHash('sha256').update(text).digest('hex').slice(0, 12)}-${prog}.bpf.c`);
    writeFileSync(path, text);
    note = `${progType} program measured as XDP (same body) through BPF_PROG_TEST_RUN`;
  }
  const obj = clangBuild(path);
  const out = execFileSync(harness(), [obj, prog, String(cpus), String(events)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const res = JSON.parse(out) as { perCpu: { events: number; kernelNs: number; wallNs: number }[] };
  const mean = (f: (c: (typeof res.perCpu)[number]) => number) =>
    res.perCpu.reduce((s, c) => s + f(c), 0) / res.perCpu.length;
  return {
    rate: mean((c) => c.events / (c.kernelNs / 1e9)),
    wallRate: mean((c) => c.events / (c.wallNs / 1e9)),
    note,
  };
}
