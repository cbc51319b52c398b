/**
 * Step mode: the reader is the scheduler. One column per CPU shows the instruction it will run
 * next (its source line is highlighted in the editor in that CPU's colour) and a button to step
 * it; beside them the shared memory with the last read/write, and the timeline of steps taken.
 * Undo, restart, and a link that replays this exact schedule (the schedule is in the URL hash).
 * Loaded on demand; the stepping itself happens in the engine worker.
 */
import { h } from './dom.ts';
import { stepCpu, stepStart } from './engine-client.ts';
import type { LockstepLab } from './lab-element.ts';
import { STEP_UNDO, STEP_USERSPACE, type StepState } from './protocol.ts';

/** Who took a step: a CPU, or (cpu -1 in the machine's trace) the lab's userspace script. */
const who = (cpu: number) => (cpu < 0 ? 'userspace' : `CPU ${cpu}`);
const colour = (cpu: number) => (cpu < 0 ? 'ls-user' : `ls-cpu${cpu % 8}`);
/** Userspace is grey: the stylesheet's palette has colours for CPUs only. */
const USER_TINT = '--ls-c: #6b7280';

export class StepView {
  private constructor(
    private readonly cell: LockstepLab,
    private readonly box: HTMLElement,
    private readonly cpus: number,
    private readonly events: number,
  ) {}

  static async start(cell: LockstepLab, cpus: number, events: number, schedule?: string): Promise<void> {
    const box = cell.querySelector<HTMLElement>('[data-step]');
    if (!box) return;
    const view = new StepView(cell, box, cpus, events);
    cell.progress('Starting step mode…');
    try {
      const source = cell.code();
      const { step, outcome } = await stepStart({
        type: 'step-start',
        lab: { id: cell.data.id, program: cell.data.program },
        source,
        cpus,
        events,
        schedule: schedule || undefined,
      });
      if (!step) {
        box.hidden = true;
        if (outcome) cell.show(outcome);
        return;
      }
      cell.markers({ stage: 'run', diagnostics: [], checks: [], missing: [] });
      box.hidden = false;
      box.onclick = (e) => void view.onClick(e);
      view.render(step);
      cell.setStatus(
        `Step mode: ${cpus} CPUs, ${events} invocation${events > 1 ? 's' : ''} each. Press a CPU's button to run its next instruction.`,
      );
    } catch (e) {
      cell.setStatus(`Step mode failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      cell.progress(null);
    }
  }

  private async onClick(e: Event): Promise<void> {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-step-act]');
    if (!b || b.disabled) return;
    const act = b.dataset.stepAct;
    try {
      if (act === 'cpu') this.render(await stepCpu(Number(b.dataset.cpu)), Number(b.dataset.cpu));
      else if (act === 'user') this.render(await stepCpu(STEP_USERSPACE), STEP_USERSPACE);
      else if (act === 'undo') this.render(await stepCpu(STEP_UNDO));
      else if (act === 'restart') await StepView.start(this.cell, this.cpus, this.cell.settings().events);
      else if (act === 'link') await this.copyLink();
    } catch (err) {
      this.cell.setStatus(`Step failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private link(): string {
    const u = new URL(location.href);
    u.hash = `lab=${this.cell.data.id}&cpus=${this.cpus}&events=${this.events}&schedule=${this.box.dataset.schedule ?? ''}`;
    return u.toString();
  }

  private async copyLink(): Promise<void> {
    const url = this.link();
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      this.cell.setStatus('Link to this schedule copied (it is also in the address bar).');
    } catch {
      this.cell.setStatus('The link to this schedule is in the address bar.');
    }
  }

  render(s: StepState, stepped?: number): void {
    this.box.dataset.schedule = s.schedule;
    this.box.dataset.done = String(s.done);
    this.box.dataset.steps = String(s.timeline.length);
    this.cell.editor?.highlight(
      s.cpus
        .filter((c) => c.line && !c.done)
        .map((c) => ({
          line: c.line as number,
          className: `ls-cpu-line ls-cpu${c.cpu % 8}`,
          gutterClassName: `ls-cpu-gutter ls-cpu${c.cpu % 8}`,
        })),
    );
    const cols = s.cpus.map((c) =>
      h(
        'div',
        { class: `ls-cpucol ls-cpu${c.cpu % 8}`, 'data-cpu': c.cpu },
        h('div', { class: 'ls-cpuhead' }, `CPU ${c.cpu}`),
        h(
          'div',
          { class: 'ls-cpunext' },
          c.done ? 'done' : h('span', null, c.line ? `line ${c.line}: ` : '', h('code', null, c.insn)),
        ),
        h('div', { class: 'ls-cpufin' }, `${c.finished} invocation${c.finished === 1 ? '' : 's'} finished`),
        h(
          'button',
          { type: 'button', class: 'ls-btn ls-primary', 'data-step-act': 'cpu', 'data-cpu': c.cpu, disabled: c.done },
          `Step CPU ${c.cpu}`,
        ),
      ),
    );
    if (s.userspace) {
      const u = s.userspace;
      cols.push(
        h(
          'div',
          { class: 'ls-cpucol ls-user', style: USER_TINT, 'data-cpu': STEP_USERSPACE },
          h('div', { class: 'ls-cpuhead' }, 'Userspace'),
          h(
            'div',
            { class: 'ls-cpunext' },
            u.done ? 'done' : u.waiting ? 'waiting for running programs' : 'next: a map operation',
          ),
          h('div', { class: 'ls-cpufin' }, "the lab's reader, beside the CPUs"),
          h(
            'button',
            { type: 'button', class: 'ls-btn ls-primary', 'data-step-act': 'user', disabled: !u.ready },
            'Step userspace',
          ),
        ),
      );
    }
    const last = s.timeline[s.timeline.length - 1];
    const mem = h(
      'table',
      { class: 'ls-mem', 'data-testid': 'memory' },
      h('caption', null, 'Shared memory'),
      h(
        'tbody',
        null,
        s.memory.map((m) =>
          h(
            'tr',
            { 'data-var': m.what, class: last?.access?.what === m.what ? 'ls-touched' : undefined },
            h('th', { scope: 'row' }, m.what),
            h('td', null, m.value),
            h(
              'td',
              { class: 'ls-memlast' },
              m.last ? `${who(m.last.cpu)} ${m.last.kind === 'read' ? 'read' : 'wrote'} ${m.last.value}` : '',
            ),
          ),
        ),
      ),
    );
    const timeline = h(
      'ol',
      { class: 'ls-timeline', 'data-testid': 'timeline' },
      s.timeline
        .slice(-40)
        .map((t) =>
          h(
            'li',
            { class: colour(t.cpu), style: t.cpu < 0 ? USER_TINT : undefined },
            who(t.cpu),
            t.line ? ` · line ${t.line}` : '',
            ' · ',
            h('code', null, t.insn),
            t.access ? ` → ${t.access.kind} ${t.access.what} = ${t.access.value}` : '',
          ),
        ),
    );
    this.box.replaceChildren(
      h('div', { class: 'ls-stepgrid' }, cols),
      h(
        'div',
        { class: 'ls-stepbar' },
        h(
          'button',
          { type: 'button', class: 'ls-btn', 'data-step-act': 'undo', disabled: s.timeline.length === 0 },
          'Undo',
        ),
        h('button', { type: 'button', class: 'ls-btn', 'data-step-act': 'restart' }, 'Restart'),
        h('button', { type: 'button', class: 'ls-btn', 'data-step-act': 'link' }, 'Copy link to this schedule'),
        h('span', { class: 'ls-sched' }, `schedule: ${s.schedule || '(none yet)'} · ${s.timeline.length} steps`),
      ),
      h(
        'div',
        { class: 'ls-stepinfo' },
        mem,
        h('div', null, h('div', { class: 'ls-cap' }, 'Timeline (latest last)'), timeline),
      ),
    );
    const tl = this.box.querySelector('.ls-timeline');
    if (tl) tl.scrollTop = tl.scrollHeight; // the latest step is the one to see
    if (stepped !== undefined) this.box.querySelector<HTMLButtonElement>(`[data-cpu="${stepped}"] button`)?.focus();
    if (s.done && s.result) {
      this.cell.show({ stage: 'run', diagnostics: [], checks: s.checks ?? [], result: s.result, missing: [] });
    } else if (last && last.cpu < 0) {
      this.cell.setStatus("Userspace did its next map operation (the lab's reader).");
    } else if (last) {
      this.cell.setStatus(
        `CPU ${last.cpu} ran ${last.insn}${last.access ? `, ${last.access.kind === 'read' ? 'reading' : 'writing'} ${last.access.what} = ${last.access.value}` : ''}.`,
      );
    }
  }
}
