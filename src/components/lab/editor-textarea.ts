/**
 * The touch-device editor: a plain textarea (the platform's own selection, keyboard and
 * autocorrect-off), with errors listed by line in the cell's output instead of drawn inline.
 */
import type { EditorMarker, LabEditor } from './editor.ts';

export function createTextareaEditor(host: HTMLElement, text: string): LabEditor {
  const ta = document.createElement('textarea');
  ta.className = 'ls-textarea';
  ta.value = text;
  ta.spellcheck = false;
  ta.wrap = 'off'; // code lines keep their shape; the textarea scrolls sideways
  ta.setAttribute('autocapitalize', 'off');
  ta.setAttribute('autocomplete', 'off');
  ta.setAttribute('aria-label', 'BPF C source');
  ta.rows = Math.min(40, text.split('\n').length + 2);
  host.replaceChildren(ta);
  let runCb: () => void = () => {};
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runCb();
    }
  });
  return {
    kind: 'textarea',
    getValue: () => ta.value,
    setValue: (t) => {
      ta.value = t;
      ta.dispatchEvent(new Event('input'));
    },
    onChange: (cb) => ta.addEventListener('input', cb),
    onRun: (cb) => {
      runCb = cb;
    },
    setMarkers: (_m: EditorMarker[]) => {},
    highlight: () => {},
    revealLine: (line) => {
      const lines = ta.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      ta.focus();
      ta.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    },
    focus: () => ta.focus(),
    dispose: () => ta.remove(),
  };
}
