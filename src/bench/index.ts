/**
 * `lockstep bench` (DESIGN §6): every lab program on the interpreter, the parallel JIT and the
 * real kernel in one run, plus the interpreter's raw instruction rate; a readable table and a
 * JSON report (written to bench-results/). Figures are ratios measured in one run on whatever
 * else the machine is doing; absolute numbers are only indicative.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { measureInterpreter } from '../engine/vm/bench.ts';
import { allLabs } from '../labs/registry.ts';
import { type BenchOptions, type BenchRow, measureLab } from './measure.ts';

export type { BenchRow } from './measure.ts';

export interface BenchReport {
  rows: BenchRow[];
  cpus: number;
  events: { interp: number; jit: number; kernel: number | null };
  /** Deterministic-mode interpreter speed on a straight loop (instructions per second). */
  interpInsnsPerSec: number;
  kernel: string | null;
  node: string;
  date: string;
}

export interface RunBenchOptions extends Partial<Omit<BenchOptions, 'labsDir'>> {
  labs?: string[];
  sources?: ('starter' | 'solution')[];
  labsDir?: string;
  onRow?: (row: BenchRow) => void;
}

export async function runBench(opts: RunBenchOptions = {}): Promise<BenchReport> {
  const o: BenchOptions = {
    cpus: opts.cpus ?? 2,
    interpEvents: opts.interpEvents ?? 20_000,
    jitEvents: opts.jitEvents ?? 1_000_000,
    kernelEvents: opts.kernelEvents,
    kernel: opts.kernel ?? true,
    repeats: opts.repeats ?? 3,
    labsDir: opts.labsDir ?? join(import.meta.dirname, '../../labs'),
  };
  const labs = allLabs().filter((d) => !opts.labs || opts.labs.includes(d.meta.id));
  const rows: BenchRow[] = [];
  for (const def of labs) {
    for (const source of opts.sources ?? (['solution', 'starter'] as const)) {
      const row = await measureLab(def, source, o);
      rows.push(row);
      opts.onRow?.(row);
    }
  }
  const kernel = process.platform === 'linux' ? release() : null;
  return {
    rows,
    cpus: o.cpus,
    events: { interp: o.interpEvents, jit: o.jitEvents, kernel: o.kernel ? (o.kernelEvents ?? o.jitEvents) : null },
    interpInsnsPerSec: measureInterpreter(5_000_000, 2).insnsPerSecond,
    kernel,
    node: process.versions.node,
    date: new Date().toISOString(),
  };
}

const fmtRate = (v: number | null) =>
  v === null ? '—' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${(v / 1e3).toFixed(1)} k`;
const fmtRatio = (v: number | null) => (v === null ? '—' : `${v.toFixed(v < 10 ? 2 : 0)}×`);
const fmtMs = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The report as a fixed-width table (events/s per CPU). */
export function formatTable(r: BenchReport): string {
  const head = [
    'lab',
    'program',
    'interp/s',
    'jit/s',
    'jit wall/s',
    'kernel/s',
    'jit÷interp',
    'jit÷kernel',
    'compile ms',
    'verify ms',
  ];
  const body = r.rows.map((x) => [
    x.lab,
    `${x.program} (${x.source})`,
    fmtRate(x.interp),
    fmtRate(x.jit),
    fmtRate(x.jitWall),
    fmtRate(x.kernel),
    fmtRate(x.kernelWall),
    fmtRatio(x.jitOverInterp),
    fmtRatio(x.jitOverKernel),
    fmtMs(x.compileMs),
    fmtMs(x.verifyMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `events/s per CPU on ${r.cpus} CPUs (interp ${r.events.interp}, jit ${r.events.jit} events per CPU; kernel ${r.kernel ?? 'n/a'})`,
    'jit/s: by each worker thread’s CPU time; kernel/s: by the kernel’s own BPF_PROG_TEST_RUN time per run (both leave',
    'out time the OS ran something else); the wall columns count elapsed time (kernel: syscall and setup included)',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    `interpreter, straight loop: ${(r.interpInsnsPerSec / 1e6).toFixed(1)} M instructions/s`,
  ];
  const notes = r.rows.flatMap((x) => x.notes.map((n) => `  ${x.lab} (${x.source}): ${n}`));
  if (notes.length) out.push('notes:', ...notes);
  return out.join('\n');
}

/** Writes the report as JSON into `dir` (bench-results/ by default); returns the file path. */
export function writeReport(r: BenchReport, dir = 'bench-results'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${r.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
