/**
 * Renders one run's outcome into a cell: compile errors and verifier rejection with the
 * kernel-style log, the results (expected vs observed, lost updates), globals and maps with
 * per-CPU values, and the lab's checks with hints for the failing ones. Also produces the
 * one-sentence summary that the cell announces in its aria-live region.
 */
import type { Value } from '../../engine/results.ts';
import { h } from './dom.ts';
import type { LabCheckInfo } from './lab-source.ts';
import type { Outcome } from './protocol.ts';

const show = (v: Value): string => {
  if (typeof v === 'bigint' || typeof v === 'number') return v.toString();
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${k}: ${show(x)}`)
    .join(', ')} }`;
};

/**
 * The counter a lab counts into — one update per event, so cpus × events is what it should
 * reach: a global named like a counter, else the only integer global.
 */
/** Names of globals that count what went wrong rather than updates made. */
const ANOMALY = /torn|mixed|dup|bad|err|fail|miss|stale|refused|out_of_range/;

export function counterOf(o: Outcome): { name: string; value: bigint } | null {
  const ints = Object.entries(o.result?.globals ?? {}).filter(
    ([, v]) => typeof v === 'bigint' || typeof v === 'number',
  );
  const named = ints.find(([k]) => /^(counter|count|total|events)$/.test(k));
  // A lone global that tallies anomalies (two-fields' `torn`, copy-update's `mixed`) counts bad
  // events, not updates: calling the rest of the events "lost updates" would be false.
  const lone = ints.length === 1 && !ANOMALY.test(ints[0][0]) ? ints[0] : undefined;
  const pick = named ?? lone;
  return pick ? { name: pick[0], value: BigInt(pick[1] as bigint | number) } : null;
}

export function summarize(o: Outcome): string {
  if (o.missing.length && !o.result && o.stage !== 'compile')
    return `Not run: this build has no ${o.missing.join(', ')} yet.`;
  const errs = o.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length)
    return `Compile failed: ${errs.length} error${errs.length > 1 ? 's' : ''}, first on line ${errs[0].line}: ${errs[0].message}`;
  if (o.missing.includes('compiler')) return 'Not run: this build has no compiler yet.';
  if (o.verifier && !o.verifier.accepted) {
    const at = o.verifier.error?.line ? ` (line ${o.verifier.error.line})` : '';
    return `Verifier rejected the program${at}: ${o.verifier.error?.message ?? 'see the log'}`;
  }
  const r = o.result;
  if (!r) return 'Compiled and verified.';
  const total = BigInt(r.cpus) * BigInt(r.eventsPerCpu);
  const c = counterOf(o);
  const lost = c && c.value < total ? `; ${total - c.value} lost updates` : '';
  const passed = o.checks.filter((x) => x.pass).length;
  const chk = o.checks.length ? `; checks ${passed} of ${o.checks.length} passed` : '';
  const err = r.error ? `; stopped: ${r.error.message}` : '';
  return `Ran ${r.cpus} CPU${r.cpus > 1 ? 's' : ''} × ${r.eventsPerCpu} events (${r.mode})${c ? `: ${c.name} = ${c.value} of ${total}` : ''}${lost}${chk}${err}.`;
}

function resultsTable(o: Outcome): HTMLElement | null {
  const r = o.result;
  if (!r) return null;
  const total = BigInt(r.cpus) * BigInt(r.eventsPerCpu);
  const c = counterOf(o);
  const rows: [string, string][] = [
    ['engine', `${r.engine}, ${r.mode}`],
    ['events run', `${total} (${r.cpus} CPUs × ${r.eventsPerCpu})`],
  ];
  if (c) {
    rows.push([`${c.name}: expected`, total.toString()], [`${c.name}: observed`, c.value.toString()]);
    rows.push(['lost updates', (total > c.value ? total - c.value : 0n).toString()]);
  }
  for (const [k, v] of Object.entries(r.globals)) if (!c || k !== c.name) rows.push([k, show(v)]);
  if (r.nsPerEvent) rows.push(['time per event', `${r.nsPerEvent.toFixed(1)} ns`]);
  return h(
    'table',
    { class: 'ls-results', 'data-testid': 'results' },
    h(
      'tbody',
      null,
      rows.map(([k, v]) => h('tr', { 'data-row': k }, h('th', { scope: 'row' }, k), h('td', null, v))),
    ),
  );
}

function mapsView(o: Outcome): HTMLElement | null {
  const maps = Object.entries(o.result?.maps ?? {});
  if (!maps.length) return null;
  return h(
    'div',
    { class: 'ls-maps' },
    maps.map(([name, entries]) => {
      const percpu = entries.some((e) => e.values);
      const n = Math.max(0, ...entries.map((e) => e.values?.length ?? 0));
      const head = percpu ? ['key', ...Array.from({ length: n }, (_, i) => `CPU ${i}`), 'sum'] : ['key', 'value'];
      return h(
        'table',
        { class: 'ls-map', 'data-map': name },
        h('caption', null, `map ${name}${percpu ? ' (per-CPU values)' : ''}`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            head.map((x) => h('th', { scope: 'col' }, x)),
          ),
        ),
        h(
          'tbody',
          null,
          entries.slice(0, 64).map((e) => {
            const vals = e.values ?? [];
            const sum = vals.every((v) => typeof v === 'bigint' || typeof v === 'number')
              ? vals.reduce<bigint>((s, v) => s + BigInt(v as bigint), 0n).toString()
              : '';
            return h(
              'tr',
              null,
              h('td', null, show(e.key)),
              percpu
                ? [...vals.map((v) => h('td', null, show(v))), h('td', null, sum)]
                : h('td', null, show(e.value ?? null)),
            );
          }),
        ),
      );
    }),
  );
}

export function checksView(o: Pick<Outcome, 'checks'>, info: LabCheckInfo[]): HTMLElement | null {
  if (!info.length && !o.checks.length) return null;
  const ids = info.length ? info.map((c) => c.id) : o.checks.map((c) => c.id);
  return h(
    'ul',
    { class: 'ls-checks', 'data-testid': 'checks' },
    ids.map((id) => {
      const i = info.find((c) => c.id === id);
      const r = o.checks.find((c) => c.id === id);
      const state = r ? (r.pass ? 'pass' : 'fail') : 'pending';
      const mark = { pass: '✓', fail: '✗', pending: '○' }[state];
      return h(
        'li',
        { class: `ls-check ls-${state}`, 'data-check': id, 'data-state': state },
        h('span', { class: 'ls-mark', 'aria-hidden': 'true' }, mark),
        h('span', { class: 'ls-sr' }, `${state === 'pending' ? 'not run' : state === 'pass' ? 'passed' : 'failed'}: `),
        h('span', null, i?.text ?? id),
        r?.detail ? h('span', { class: 'ls-detail' }, ` — ${r.detail}`) : null,
        state === 'fail' && i?.hint ? h('div', { class: 'ls-hint' }, h('strong', null, 'Hint: '), i.hint) : null,
      );
    }),
  );
}

/** Buttons with `data-line` jump to that line; the cell handles their clicks. */
export function renderOutcome(o: Outcome, info: LabCheckInfo[]): HTMLElement {
  const errs = o.diagnostics;
  const v = o.verifier;
  return h(
    'div',
    { class: 'ls-outcome', 'data-stage': o.stage },
    o.missing.length
      ? h(
          'p',
          { class: 'ls-missing' },
          `This build of the site does not have the engine's ${o.missing.join(', ')} yet.`,
        )
      : null,
    (o.notes ?? []).map((n) => h('p', { class: 'ls-missing' }, n)),
    errs.length
      ? h(
          'ul',
          { class: 'ls-diags', 'data-testid': 'diagnostics' },
          errs.map((d) =>
            h(
              'li',
              { class: `ls-diag ls-${d.severity}` },
              h('button', { type: 'button', class: 'ls-linkbtn', 'data-line': d.line }, `line ${d.line}:${d.col}`),
              ` ${d.severity}: ${d.message}`,
            ),
          ),
        )
      : null,
    v && !v.accepted
      ? h(
          'div',
          { class: 'ls-verifier', 'data-testid': 'verifier' },
          h(
            'p',
            null,
            h('strong', null, 'Verifier: '),
            v.error?.message ?? 'rejected',
            v.error?.line ? ' — ' : null,
            v.error?.line
              ? h('button', { type: 'button', class: 'ls-linkbtn', 'data-line': v.error.line }, `line ${v.error.line}`)
              : null,
          ),
        )
      : null,
    v?.log
      ? h(
          'details',
          { class: 'ls-log', open: !v.accepted },
          h('summary', null, `Verifier log (${v.processed} insns processed)`),
          h('pre', null, v.log),
        )
      : null,
    o.result?.error ? h('p', { class: 'ls-runerror' }, `Run stopped: ${o.result.error.message}`) : null,
    resultsTable(o),
    mapsView(o),
    o.result?.log.length
      ? h('details', { class: 'ls-log' }, h('summary', null, 'Program log'), h('pre', null, o.result.log.join('\n')))
      : null,
    checksView(o, info),
  );
}
