/**
 * Charts of runs compared (Observable Plot, loaded on demand): for each CPU count, the events
 * run against the updates the counter kept, so lost updates show as the gap.
 */
import * as Plot from '@observablehq/plot';
import type { RunPoint } from './lab-element.ts';

export function plotRuns(box: HTMLElement, runs: RunPoint[]): void {
  // The latest run per CPU count.
  const last = new Map<number, RunPoint>();
  for (const r of runs) last.set(r.cpus, r);
  const pts = [...last.values()].sort((a, b) => a.cpus - b.cpus);
  const rows = pts.flatMap((p) => [
    { cpus: String(p.cpus), what: 'kept', n: p.observed },
    { cpus: String(p.cpus), what: 'lost', n: Math.max(0, p.expected - p.observed) },
  ]);
  const labels = pts.map((p) => ({
    cpus: String(p.cpus),
    top: p.expected,
    text: `${((100 * Math.max(0, p.expected - p.observed)) / p.expected).toFixed(1)}% lost`,
  }));
  const chart = Plot.plot({
    title: 'Updates kept and lost, by CPU count (latest run of each)',
    width: Math.min(640, box.clientWidth || 640),
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
  box.replaceChildren(chart);
  box.dataset.points = String(pts.length);
}
