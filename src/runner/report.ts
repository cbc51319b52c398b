/**
 * Human-readable output of a kernel run: the figures, the globals, a summary of each map and
 * the checks with their hints. (`--json` prints the results schema instead.)
 */
import type { RunResult, Value } from '../engine/results.ts';
import type { LabDef } from '../labs/grade.ts';

const show = (v: Value | undefined): string => {
  if (typeof v === 'bigint') return v.toString();
  const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return s === undefined ? 'undefined' : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function formatRun(def: LabDef, r: RunResult, source: string, opts = { values: true }): string {
  const lines = [
    `${def.meta.id}: ${def.meta.title}`,
    `  program  ${source}`,
    `  kernel   ${r.kernel ?? '?'}, ${r.cpus} CPUs x ${r.eventsPerCpu} events, ${(r.durationNs / 1e6).toFixed(1)} ms (${r.nsPerEvent.toFixed(1)} ns/event)`,
  ];
  for (const [name, v] of opts.values ? Object.entries(r.globals) : []) lines.push(`  ${name.padEnd(16)} ${show(v)}`);
  for (const [name, es] of opts.values ? Object.entries(r.maps) : []) {
    const preview = es.slice(0, 3).map((e) => `${show(e.key)}: ${show(e.value ?? e.values)}`);
    lines.push(
      `  map ${name}: ${es.length} entries${preview.length ? ` (${preview.join(', ')}${es.length > 3 ? ', ...' : ''})` : ''}`,
    );
  }
  lines.push('checks:');
  for (const c of r.checks) {
    const meta = def.meta.checks.find((m) => m.id === c.id);
    lines.push(`  ${c.pass ? '✓' : '✗'} ${c.id}: ${meta?.text ?? ''}`, `      ${c.detail}`);
    if (!c.pass && meta) lines.push(`      hint: ${meta.hint}`);
  }
  const failed = r.checks.filter((c) => !c.pass).length;
  lines.push(failed ? `${failed} of ${r.checks.length} checks failed` : `all ${r.checks.length} checks passed`);
  return lines.join('\n');
}
