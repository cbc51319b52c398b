/**
 * <lockstep-lab>: the page side of a lab cell. It starts from the build-time rendering (Shiki
 * HTML, toolbar, the lab's data as JSON) and does nothing heavy until the reader interacts:
 * then it loads an editor (Monaco on desktop, a textarea on touch devices) and, on Run, the
 * engine worker. It keeps the learner's code and passed checks in localStorage.
 * Not here: rendering of results (results-view.ts), step mode (step-view.ts), charts
 * (plot-view.ts) — the last two are loaded on demand.
 */
import type { CheckResult } from '../../engine/results.ts';
import { h } from './dom.ts';
import type { EditorMarker, LabEditor } from './editor.ts';
import { wantsMonaco } from './editor.ts';
import { createTextareaEditor } from './editor-textarea.ts';
import { isolated, runLab } from './engine-client.ts';
import type { LabInfo } from './lab-source.ts';
import { debounce, loadLab, registerLab, resetLab, saveChecks, saveCode } from './progress.ts';
import type { Outcome, Stage } from './protocol.ts';
import { checksView, counterOf, renderOutcome, summarize } from './results-view.ts';

type CellData = LabInfo & { mode: 'parallel' | 'step' };
export interface RunPoint {
  cpus: number;
  events: number;
  /** The counter's final value, null when the program has no counter (then: time per event only). */
  observed: number | null;
  expected: number;
  nsPerEvent: number;
  /** Which version of the code ran ("version 1", "version 2", … in the order first run). */
  version: string;
}

const stageText: Record<Stage, string> = {
  load: 'Loading the engine…',
  compile: 'Compiling…',
  verify: 'Verifying…',
  run: 'Running…',
  grade: 'Checking…',
};

export class LockstepLab extends HTMLElement {
  data!: CellData;
  editor: LabEditor | null = null;
  private editorLoading: Promise<LabEditor> | null = null;
  private busy = false;
  history: RunPoint[] = [];
  private versions = new Map<string, string>();
  private save = debounce(() => this.editor && saveCode(this.data.id, this.editor.getValue()), 400);

  $(sel: string): HTMLElement {
    const el = this.querySelector<HTMLElement>(sel);
    if (!el) throw new Error(`lab cell is missing ${sel}`);
    return el;
  }
  ctl<T extends HTMLElement>(name: string): T {
    return this.$(`[data-ctl="${name}"]`) as T;
  }

  connectedCallback(): void {
    this.data = JSON.parse(this.$('.ls-data').textContent ?? '{}') as CellData;
    const { id } = this.data;
    // Only graded labs count towards a chapter's mark (variant cells have no checks).
    if (this.data.checks.length > 0) registerLab(location.pathname, id);
    const saved = loadLab(id);
    if (saved.code !== undefined && saved.code !== this.data.starter) {
      // Show the learner's own code at once (plain, without colours) until the editor loads.
      this.$('[data-editor]').replaceChildren(h('pre', { class: 'ls-plain' }, h('code', null, saved.code)));
      this.setStatus('Your saved code for this lab is restored.');
    }
    this.$('[data-badge]').hidden = !saved.completed;
    if (saved.passed.length && this.data.checks.length) {
      const checks: CheckResult[] = saved.passed.map((c) => ({ id: c, pass: true, detail: 'passed earlier' }));
      this.$('[data-output]').replaceChildren(checksView({ checks }, this.data.checks) ?? '');
    } else {
      this.$('[data-output]').replaceChildren(checksView({ checks: [] }, this.data.checks) ?? '');
    }
    const cores = navigator.hardwareConcurrency;
    const sel = this.ctl<HTMLSelectElement>('cpus');
    if (cores && ![...sel.options].some((o) => Number(o.value) === cores)) {
      sel.append(h('option', { value: cores }, `${cores} (this machine)`));
    }
    if (!isolated()) {
      this.notice(
        'This page is not cross-origin isolated, so your browser gives it no SharedArrayBuffer: runs use the deterministic scheduler in a single worker instead of real parallel CPUs.',
      );
    }
    const ed = this.$('[data-editor]');
    const open = () => void this.ensureEditor(true);
    ed.addEventListener('pointerdown', open, { once: true });
    ed.addEventListener('focusin', open, { once: true }); // keyboard readers tab into the code
    ed.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key.length === 1) open();
    });
    this.addEventListener('click', (e) => this.onClick(e));
    this.ctl<HTMLSelectElement>('mode').addEventListener('change', () => this.onMode());
    addEventListener('pagehide', () => this.save.flush());
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get('lab') === id && hash.has('schedule')) {
      if (hash.get('cpus')) this.ctl<HTMLSelectElement>('cpus').value = hash.get('cpus') ?? '2';
      this.ctl<HTMLSelectElement>('mode').value = 'step';
      this.onMode();
      if (hash.get('events')) this.ctl<HTMLInputElement>('events').value = hash.get('events') ?? '1';
      void this.startStep(hash.get('schedule') ?? '');
    } else if (this.data.mode === 'step') this.onMode();
  }

  code(): string {
    return this.editor?.getValue() ?? loadLab(this.data.id).code ?? this.data.starter;
  }

  ensureEditor(focus = false): Promise<LabEditor> {
    this.editorLoading ??= (async () => {
      const host = this.$('[data-editor]');
      const text = this.code();
      let ed: LabEditor;
      if (wantsMonaco()) {
        this.progress('Loading the editor…');
        try {
          const { createMonacoEditor } = await import('./editor-monaco.ts');
          const box = h('div', { class: 'ls-monaco' });
          ed = await createMonacoEditor(box, text);
          host.replaceChildren(box);
          host.removeAttribute('tabindex');
        } finally {
          this.progress(null);
        }
      } else ed = createTextareaEditor(host, text);
      ed.onChange(() => this.save());
      ed.onRun(() => void this.run());
      this.editor = ed;
      this.dataset.editor = ed.kind;
      if (focus) ed.focus();
      return ed;
    })();
    return this.editorLoading;
  }

  private onClick(e: Event): void {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-act],[data-line]');
    if (!t || !this.contains(t)) return;
    if (t.dataset.line) {
      void this.ensureEditor().then((ed) => ed.revealLine(Number(t.dataset.line)));
      return;
    }
    const act = t.dataset.act;
    if (act === 'run') void this.run();
    else if (act === 'sweep') void this.sweep();
    else if (act === 'reset') void this.reset();
    else if (act === 'solution') void this.showSolution();
    else if (act === 'download') void this.download();
  }

  settings(): { cpus: number; events: number; mode: 'parallel' | 'step' } {
    const events = Math.floor(Number(this.ctl<HTMLInputElement>('events').value));
    return {
      cpus: Number(this.ctl<HTMLSelectElement>('cpus').value),
      events: Number.isFinite(events) && events >= 1 ? Math.min(events, 10_000_000) : this.data.events,
      mode: this.ctl<HTMLSelectElement>('mode').value === 'step' ? 'step' : 'parallel',
    };
  }

  async run(): Promise<void> {
    const s = this.settings();
    if (s.mode === 'step') return this.startStep();
    if (this.busy) return;
    const ed = await this.ensureEditor();
    ed.setMarkers([]);
    this.save.flush();
    const outcome = await this.exec(s.cpus, s.events);
    if (outcome) this.show(outcome);
  }

  /** One engine run; errors are shown in the cell and return null. */
  async exec(cpus: number, events: number): Promise<Outcome | null> {
    this.busy = true;
    this.setAttribute('aria-busy', 'true');
    this.progress(stageText.load);
    try {
      const mode = isolated() ? 'parallel' : 'deterministic';
      const source = this.code();
      return await runLab(
        { type: 'run', lab: { id: this.data.id, program: this.data.program }, source, cpus, events, mode },
        (st) => this.progress(stageText[st]),
      );
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.$('[data-output]').replaceChildren(h('p', { class: 'ls-runerror' }, `The engine failed: ${msg}`));
      this.setStatus(`The engine failed: ${msg}`);
      this.dataset.stage = 'error';
      return null;
    } finally {
      this.busy = false;
      this.removeAttribute('aria-busy');
      this.progress(null);
    }
  }

  show(o: Outcome): void {
    this.markers(o);
    this.$('[data-output]').replaceChildren(renderOutcome(o, this.data.checks));
    this.setStatus(summarize(o));
    this.dataset.stage = o.stage;
    if (o.result) this.record(o);
  }

  markers(o: Outcome): void {
    const m: EditorMarker[] = o.diagnostics.map((d) => ({ ...d, source: 'compiler' as const }));
    const ve = o.verifier?.error;
    if (o.verifier && !o.verifier.accepted && ve?.line) {
      m.push({ line: ve.line, message: ve.message, severity: 'error', source: 'verifier' });
    }
    this.editor?.setMarkers(m);
    // Mirrored as an attribute: which lines carry markers (tests and assistive tools read it).
    this.dataset.markers = m.map((x) => `${x.source}:${x.line}`).join(' ');
  }

  record(o: Outcome): void {
    const r = o.result;
    if (!r) return;
    if (o.checks.length) {
      // A lab is not finished by a run on one CPU, where nothing can race, nor by the starter
      // itself when its CPUs happened not to collide.
      const counts = r.cpus > 1 && this.code().trim() !== this.data.starter.trim();
      const passed = counts ? o.checks.filter((c) => c.pass).map((c) => c.id) : loadLab(this.data.id).passed;
      const p = saveChecks(this.data.id, passed, o.checks.length);
      this.$('[data-badge]').hidden = !p.completed;
      document.dispatchEvent(new CustomEvent('lockstep:progress'));
    }
    const c = counterOf(o);
    if (r.mode === 'parallel' && !r.error) {
      const code = this.code();
      if (!this.versions.has(code)) this.versions.set(code, `version ${this.versions.size + 1}`);
      this.history.push({
        cpus: r.cpus,
        events: r.eventsPerCpu,
        observed: c ? Number(c.value) : null,
        expected: r.cpus * r.eventsPerCpu,
        nsPerEvent: r.nsPerEvent,
        version: this.versions.get(code) ?? '',
      });
      const runs = new Set(this.history.map((x) => `${x.cpus}/${x.version}`));
      if (runs.size > 1) void this.plot();
    }
  }

  async download(): Promise<void> {
    this.progress('Preparing the download…');
    try {
      const { downloadLab } = await import('./download.ts');
      this.setStatus(await downloadLab(this.data, this.code()));
    } catch (e) {
      this.setStatus(`Download failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.progress(null);
    }
  }

  async sweep(): Promise<void> {
    if (this.busy) return;
    const { events } = this.settings();
    await this.ensureEditor();
    for (const cpus of [1, 2, 4, 8]) {
      const o = await this.exec(cpus, events);
      if (!o) return;
      this.show(o);
      if (!o.result) return;
    }
  }

  async plot(): Promise<void> {
    const { plotRuns } = await import('./plot-view.ts');
    const box = this.$('[data-plot]');
    box.hidden = false;
    plotRuns(box, this.history);
  }

  async reset(): Promise<void> {
    if (!confirm('Reset this lab to its starter code? Your edits and progress for this lab are removed.')) return;
    resetLab(this.data.id);
    const ed = await this.ensureEditor();
    ed.setValue(this.data.starter);
    ed.setMarkers([]);
    saveCode(this.data.id, this.data.starter);
    this.$('[data-badge]').hidden = true;
    this.$('[data-output]').replaceChildren(checksView({ checks: [] }, this.data.checks) ?? '');
    this.history = [];
    this.versions.clear();
    this.$('[data-plot]').hidden = true;
    this.setStatus('Reset to the starter code.');
    document.dispatchEvent(new CustomEvent('lockstep:progress'));
  }

  async showSolution(): Promise<void> {
    if (!confirm('Show the solution? Trying first teaches more — the hints under a failing check point the way.'))
      return;
    const { renderSolution } = await import('./solution-view.ts');
    renderSolution(this, this.$('[data-solution]'));
  }

  private parallelEvents: string | null = null;
  /** Step mode: one invocation per CPU by default (a readable timeline); parallel gets its count back. */
  onMode(): void {
    const step = this.settings().mode === 'step';
    const ev = this.ctl<HTMLInputElement>('events');
    if (step && this.parallelEvents === null) {
      this.parallelEvents = ev.value;
      ev.value = '1';
    } else if (!step && this.parallelEvents !== null) {
      ev.value = this.parallelEvents;
      this.parallelEvents = null;
    }
    this.$('[data-act="run"]').textContent = step ? '▶ Start stepping' : '▶ Run';
    if (!step) {
      this.$('[data-step]').hidden = true;
      this.editor?.highlight([]);
    }
  }

  async startStep(schedule?: string): Promise<void> {
    const { StepView } = await import('./step-view.ts');
    await this.ensureEditor();
    const s = this.settings();
    await StepView.start(this, s.cpus, Math.min(s.events, 8), schedule);
  }

  progress(text: string | null): void {
    const p = this.$('[data-progress]');
    p.hidden = text === null;
    this.$('[data-progress-text]').textContent = text ?? '';
  }
  setStatus(text: string): void {
    this.$('[data-status]').textContent = text;
  }
  notice(text: string): void {
    const n = this.$('[data-notice]');
    n.textContent = text;
    n.hidden = false;
  }
}

if (!customElements.get('lockstep-lab')) customElements.define('lockstep-lab', LockstepLab);
