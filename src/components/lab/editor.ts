/**
 * The editor a lab cell talks to: Monaco on desktop (editor-monaco.ts, loaded on demand) or a
 * plain textarea on touch devices (editor-textarea.ts). Both show errors by line; only Monaco
 * draws them as markers inside the text.
 */
export interface EditorMarker {
  line: number;
  col?: number;
  endCol?: number;
  message: string;
  severity: 'error' | 'warning' | 'note';
  source: 'compiler' | 'verifier';
}

export interface LabEditor {
  readonly kind: 'monaco' | 'textarea';
  getValue(): string;
  setValue(text: string): void;
  onChange(cb: () => void): void;
  /** Ctrl/Cmd+Enter. */
  onRun(cb: () => void): void;
  setMarkers(markers: EditorMarker[]): void;
  /** Highlight source lines (step mode), each with a CSS class for the line and for its gutter. */
  highlight(lines: { line: number; className: string; gutterClassName?: string }[]): void;
  revealLine(line: number): void;
  focus(): void;
  dispose(): void;
}

/** Desktop = a fine pointer and no touch screen; everything else gets the textarea. */
export function wantsMonaco(): boolean {
  return matchMedia('(pointer: fine)').matches && !('ontouchstart' in window) && navigator.maxTouchPoints === 0;
}
