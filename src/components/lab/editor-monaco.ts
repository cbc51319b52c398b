/**
 * The desktop editor: Monaco, loaded on the reader's first interaction with a cell (its
 * editor.api chunk is ~2.7 MB minified, so it never ships in the first load). Shiki tokenizes
 * through @shikijs/monaco with the same themes as the build-time rendering, so the code does
 * not change colour when Monaco takes over; the theme follows Starlight's light/dark switch.
 */
import { shikiToMonaco } from '@shikijs/monaco';
import * as monaco from 'monaco-editor/editor/editor.api';
import './monaco-contribs.ts';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { createHighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import type { EditorMarker, LabEditor } from './editor.ts';
import { registerBpfHelp } from './monaco-bpf-help.ts';

const themes = { light: 'github-light', dark: 'github-dark' };

let ready: Promise<void> | null = null;
function setup(): Promise<void> {
  ready ??= (async () => {
    (self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
      getWorker: () => new EditorWorker(),
    };
    const highlighter = await createHighlighterCore({
      themes: [import('@shikijs/themes/github-light'), import('@shikijs/themes/github-dark')],
      langs: [import('@shikijs/langs/c')],
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
    monaco.languages.register({ id: 'c' });
    // @shikijs/monaco is typed against monaco-editor-core; the API it uses is the same.
    shikiToMonaco(highlighter, monaco as unknown as Parameters<typeof shikiToMonaco>[1]);
    registerBpfHelp(monaco);
  })();
  return ready;
}

const currentTheme = () => (document.documentElement.dataset.theme === 'light' ? themes.light : themes.dark);

export async function createMonacoEditor(host: HTMLElement, text: string): Promise<LabEditor> {
  await setup();
  host.replaceChildren();
  const editor = monaco.editor.create(host, {
    value: text,
    language: 'c',
    theme: currentTheme(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    lineNumbersMinChars: 3,
    glyphMargin: true,
    tabSize: 4,
    insertSpaces: false,
    scrollbar: { alwaysConsumeMouseWheel: false },
    ariaLabel: 'BPF C source',
  });
  const model = editor.getModel();
  if (!model) throw new Error('Monaco created an editor without a model');
  // Grow with the content, within bounds, so the page scrolls rather than the editor.
  const fitHeight = () => {
    host.style.height = `${Math.min(640, Math.max(160, editor.getContentHeight()))}px`;
  };
  editor.onDidContentSizeChange(fitHeight);
  fitHeight();
  const themeWatch = new MutationObserver(() => monaco.editor.setTheme(currentTheme()));
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const deco = editor.createDecorationsCollection();
  const sev = {
    error: monaco.MarkerSeverity.Error,
    warning: monaco.MarkerSeverity.Warning,
    note: monaco.MarkerSeverity.Info,
  };

  return {
    kind: 'monaco',
    getValue: () => editor.getValue(),
    setValue: (t) => editor.setValue(t),
    onChange: (cb) => editor.onDidChangeModelContent(cb),
    onRun: (cb) => editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, cb),
    setMarkers: (markers: EditorMarker[]) => {
      monaco.editor.setModelMarkers(
        model,
        'lockstep',
        markers.map((m) => {
          const line = Math.min(Math.max(1, m.line), model.getLineCount());
          const startColumn = m.col ?? model.getLineFirstNonWhitespaceColumn(line) ?? 1;
          return {
            startLineNumber: line,
            endLineNumber: line,
            startColumn: Math.max(1, startColumn),
            endColumn: m.endCol ?? model.getLineMaxColumn(line),
            message: m.message,
            severity: sev[m.severity],
            source: m.source,
          };
        }),
      );
    },
    highlight: (lines) => {
      deco.set(
        lines.map((l) => ({
          range: new monaco.Range(l.line, 1, l.line, 1),
          options: { isWholeLine: true, className: l.className, linesDecorationsClassName: l.gutterClassName },
        })),
      );
    },
    revealLine: (line) => editor.revealLineInCenterIfOutsideViewport(line),
    focus: () => editor.focus(),
    dispose: () => {
      themeWatch.disconnect();
      editor.dispose();
    },
  };
}
