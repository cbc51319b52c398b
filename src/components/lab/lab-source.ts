/**
 * Build-time side of a `<Lab>` cell (runs in Node during `astro build`, never in the page):
 * reads labs/<id>/ (lab.json, starter and solution) and renders the starter with Shiki so the
 * cell is readable at once, without JavaScript and on phones. lab.json is read leniently here
 * (the lab schema and its validation belong to src/labs/); only what the cell shows is taken.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeToHtml, codeToTokens } from 'shiki';

export const shikiThemes = { light: 'github-light', dark: 'github-dark' } as const;

export interface LabCheckInfo {
  id: string;
  text: string;
  hint?: string;
}

/** What the page needs about a lab; serialised into the cell as JSON. */
export interface LabInfo {
  id: string;
  title: string;
  program?: string;
  cpus: number;
  events: number;
  starter: string;
  solution: string;
  checks: LabCheckInfo[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function labIds(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'starter.bpf.c')))
    .map((d) => d.name)
    .sort();
}

export function readLab(id: string, root = resolve('labs')): LabInfo {
  const dir = join(root, id);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(join(dir, 'starter.bpf.c'))) {
    const known = labIds(root);
    throw new Error(`<Lab id="${id}">: no such lab in ${root}; known labs: ${known.join(', ') || '(none)'}`);
  }
  // lab.json is validated by src/labs; a lab folder without one yet gives a cell without checks.
  const metaPath = join(dir, 'lab.json');
  const meta = (existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : {}) as Record<string, unknown>;
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  const defaults = (meta.defaults ?? {}) as Record<string, unknown>;
  const program = (meta.program ?? {}) as Record<string, unknown> | string;
  const checks = Array.isArray(meta.checks) ? (meta.checks as Record<string, unknown>[]) : [];
  return {
    id,
    title: str(meta.title) ?? id,
    program: typeof program === 'string' ? program : str(program.name),
    cpus: num(defaults.cpus) ?? num(meta.cpus) ?? 2,
    events: num(defaults.events) ?? num(meta.events) ?? num(meta.eventsPerCpu) ?? 1000,
    starter: read('starter.bpf.c'),
    solution: read('solution.bpf.c'),
    checks: checks.map((c) => ({
      id: str(c.id) ?? '?',
      text: str(c.text) ?? str(c.sentence) ?? str(c.title) ?? str(c.description) ?? str(c.id) ?? '',
      hint: str(c.hint),
    })),
  };
}

/** Shiki HTML with both themes as CSS variables; lab.css picks one from Starlight's data-theme. */
export async function highlightC(code: string): Promise<string> {
  return codeToHtml(code, { lang: 'c', themes: shikiThemes, defaultColor: false });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Shiki-coloured HTML for each source line separately (for cells that link lines). */
export async function highlightLines(code: string): Promise<string[]> {
  const { tokens } = await codeToTokens(code.replace(/\n$/, ''), {
    lang: 'c',
    themes: shikiThemes,
    defaultColor: false,
  });
  return tokens.map((line) =>
    line
      .map((t) => {
        const style = Object.entries(t.htmlStyle ?? {})
          .map(([k, v]) => `${k}:${v}`)
          .join(';');
        return `<span class="ls-tok" style="${style}">${esc(t.content)}</span>`;
      })
      .join(''),
  );
}
