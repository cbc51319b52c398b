/**
 * BPF-aware help in Monaco: completions and hover docs for helpers, builtins, map types and
 * flags, from bpf-docs.ts (which takes the helper list from the engine's table when present).
 */
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { bpfDocs } from './bpf-docs.ts';

export function registerBpfHelp(monaco: typeof Monaco): void {
  const docs = bpfDocs();
  const byName = new Map(docs.map((d) => [d.name, d]));
  const kinds = {
    helper: monaco.languages.CompletionItemKind.Function,
    builtin: monaco.languages.CompletionItemKind.Function,
    'map type': monaco.languages.CompletionItemKind.EnumMember,
    flag: monaco.languages.CompletionItemKind.Constant,
  };
  monaco.languages.registerCompletionItemProvider('c', {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      return {
        suggestions: docs.map((d) => ({
          label: d.name,
          kind: kinds[d.kind],
          detail: d.signature ?? d.kind,
          documentation: { value: d.doc },
          insertText: d.name,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('c', {
    provideHover(model, position) {
      const w = model.getWordAtPosition(position);
      const d = w && byName.get(w.word);
      if (!w || !d) return null;
      return {
        range: new monaco.Range(position.lineNumber, w.startColumn, position.lineNumber, w.endColumn),
        contents: [
          { value: `**${d.name}** — ${d.kind}` },
          ...(d.signature ? [{ value: `\`${d.signature}\`` }] : []),
          { value: d.doc },
        ],
      };
    },
  });
}
