/**
 * Charts of runs compared (Observable Plot, loaded on demand). For the code as last run: per CPU
 * count, the updates the counter kept against the events run, so lost updates show as the gap
 * (when the program has a counter).
 * When more than one version of the code ran (say `counter++`, then the atomic fix), a second
 * chart compares their time per event by CPU count: what correctness costs.
 */
import * as Plot from '@observablehq/plot';
import type { RunPoint } from './lab-element.ts';

/** The latest run per key. */
function latest(runs: RunPoint[], key: (r: RunPoint) => string): RunPoint[] {
  const last = new Map<string, RunPoint>();
  for (const r of runs) last.set(key(r), r);
  return [...last.values()].sort((a, b) => a.cpus - b.cpus);
}

type Counted = RunPoint & { observed: number };

function keptLost(version: string, pts: Counted[], width: number): SVGSVGElement | HTMLElement {
  const rows = pts.flatMap((p) => [
    { cpus: String(p.cpus), what: 'kept', n: p.observed },
    { cpus: String(p.cpus), what: 'lost', n: Math.max(0, p.expected - p.observed) },
  ]);
  const labels = pts.map((p) => ({
    cpus: String(p.cpus),
    top: p.expected,
    text: `${((100 * Math.max(0, p.expected - p.observed)) / p.expected).toFixed(1)}% lost`,
  }));
  return Plot.plot({
    title: `Updates kept and lost, by CPU count (${version}, latest run of each)`,
    width,
    height: 260,
    marginLeft: 70,
    marginTop: 24,
    x: { label: 'CPUs', type: 'band' },
    y: { label: 'events', grid: true },
    color: { domain: ['kept', 'lost'], range: ['#4c9f70', '#d1495b'], legend: true },
    marks: [
      Plot.barY(rows, { x: 'cpus', y: 'n', fill: 'what', tip: true }),
      Plot.text(labels, { x: 'cpus', y: 'top', text: 'text', dy: -8 }),
      Plot.ruleY([0]),
    ],
  });
}

function cost(runs: RunPoint[], width: number): SVGSVGElement | HTMLElement {
  const pts = latest(runs, (r) => `${r.cpus}/${r.version}`).map((r) => ({ ...r, cpusLabel: String(r.cpus) }));
  return Plot.plot({
    title: 'Time per event, by CPU count and code version',
    width,
    height: 240,
    marginLeft: 70,
    x: { axis: null },
    y: { label: 'ns per event', grid: true },
    fx: { label: 'CPUs' },
    color: { legend: true },
    marks: [
      Plot.barY(pts, { fx: 'cpusLabel', x: 'version', y: 'nsPerEvent', fill: 'version', tip: true }),
      Plot.ruleY([0]),
    ],
  });
}

export function plotRuns(box: HTMLElement, runs: RunPoint[]): void {
  const width = Math.min(640, box.clientWidth || 640);
  const version = runs[runs.length - 1].version;
  const pts = latest(
    runs.filter((r) => r.version === version),
    (r) => String(r.cpus),
  );
  const counted = pts.filter((p): p is Counted => p.observed !== null);
  // Without a counter (say two-fields, whose global tallies torn pairs) only the time per event
  // can be compared, even for a single version of the code.
  const charts = counted.length === pts.length ? [keptLost(version, counted, width)] : [];
  if (!charts.length || new Set(runs.map((r) => r.version)).size > 1) charts.push(cost(runs, width));
  box.replaceChildren(...charts);
  box.dataset.points = String(
    latest(runs, (r) => `${r.cpus}/${r.version}`).filter((r) => r.version === runs[runs.length - 1].version).length,
  );
  box.dataset.charts = String(charts.length);
}
