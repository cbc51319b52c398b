/**
 * A learner's progress, in localStorage: per lab, the code as last edited and the checks that
 * passed; per page, which labs it holds (so the sidebar can mark a chapter done). Saving is
 * debounced on edit and forced before unload, so an edit is never lost on reload; a failed run
 * never touches the saved code. Storage errors (private mode, quota) degrade to no persistence.
 */
export interface LabProgress {
  code?: string;
  passed: string[];
  completed: boolean;
  updated: number;
}

const labKey = (id: string) => `lockstep:lab:${id}`;
const pagesKey = 'lockstep:pages';

function readJson<T>(key: string): T | undefined {
  try {
    const s = localStorage.getItem(key);
    return s ? (JSON.parse(s) as T) : undefined;
  } catch {
    return undefined;
  }
}
function writeJson(key: string, v: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(v));
  } catch {
    /* no storage: progress is not kept, the page still works */
  }
}

export function loadLab(id: string): LabProgress {
  return readJson<LabProgress>(labKey(id)) ?? { passed: [], completed: false, updated: 0 };
}

export function saveCode(id: string, code: string): void {
  writeJson(labKey(id), { ...loadLab(id), code, updated: Date.now() });
}

/** Completion is sticky: a later failing experiment does not take a finished lab away. */
export function saveChecks(id: string, passed: string[], total: number): LabProgress {
  const prev = loadLab(id);
  const p = {
    ...prev,
    passed,
    completed: prev.completed || (total > 0 && passed.length === total),
    updated: Date.now(),
  };
  writeJson(labKey(id), p);
  return p;
}

export function resetLab(id: string): void {
  try {
    localStorage.removeItem(labKey(id));
  } catch {
    /* nothing kept */
  }
}

/** Records that `page` (a pathname) holds lab `id`. */
export function registerLab(page: string, id: string): void {
  const pages = readJson<Record<string, string[]>>(pagesKey) ?? {};
  const list = pages[page] ?? [];
  if (!list.includes(id)) {
    pages[page] = [...list, id];
    writeJson(pagesKey, pages);
  }
}

/** For each page that holds labs: how many of them are completed. */
export function pageProgress(): Record<string, { done: number; total: number }> {
  const pages = readJson<Record<string, string[]>>(pagesKey) ?? {};
  const out: Record<string, { done: number; total: number }> = {};
  for (const [page, ids] of Object.entries(pages)) {
    out[page] = { done: ids.filter((id) => loadLab(id).completed).length, total: ids.length };
  }
  return out;
}

/** Calls `save` at most every `ms` while edits continue, and once more when they stop. */
export function debounce(save: () => void, ms: number): { (): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const f = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      save();
    }, ms);
  };
  f.flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
      save();
    }
  };
  return f;
}
