/**
 * The solution, shown as a line diff against the learner's current code (after a confirm),
 * with a button to take it into the editor. Loaded on demand.
 */

import { diffLines } from './diff.ts';
import { h } from './dom.ts';
import type { LockstepLab } from './lab-element.ts';

export function renderSolution(cell: LockstepLab, box: HTMLElement): void {
  const d = diffLines(cell.code(), cell.data.solution);
  const changed = d.filter((l) => l.op !== ' ').length;
  box.hidden = false;
  box.replaceChildren(
    h(
      'div',
      { class: 'ls-solution-head' },
      h('strong', null, 'Solution'),
      ` — ${changed ? `${changed} line${changed > 1 ? 's' : ''} differ from your code` : 'your code already matches it'}`,
      h('button', { type: 'button', class: 'ls-btn', 'data-sol': 'use' }, 'Use the solution'),
      h('button', { type: 'button', class: 'ls-btn', 'data-sol': 'close' }, 'Close'),
    ),
    h(
      'pre',
      { class: 'ls-diff', 'aria-label': 'Your code (−) against the solution (+)' },
      d.map((l) =>
        h('span', { class: `ls-d${l.op === ' ' ? 'same' : l.op === '-' ? 'del' : 'add'}` }, `${l.op} ${l.text}\n`),
      ),
    ),
  );
  box.onclick = async (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-sol]');
    if (!b) return;
    if (b.dataset.sol === 'use') {
      const ed = await cell.ensureEditor();
      ed.setValue(cell.data.solution);
      cell.setStatus('The solution is in the editor; your previous code is replaced (Reset brings back the starter).');
    }
    box.hidden = true;
    box.replaceChildren();
  };
}
