/**
 * The page side of the engine worker: starts it on first use (its code is a separate chunk,
 * loaded on demand), matches replies to requests, reports progress, and terminates a worker
 * that does not answer in time so a run never hangs the page. One worker serves every cell of
 * a page (a cell waits for its turn; the machine runs parallel CPUs in workers of its own).
 */
import {
  fromWireError,
  type Outcome,
  type Reply,
  type Request,
  type Stage,
  type StepState,
  type WorkerMessage,
} from './protocol.ts';

type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void; onProgress?: (s: Stage) => void };

/** Without cross-origin isolation there is no SharedArrayBuffer: no real parallel run. */
export function isolated(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

async function getWorker(): Promise<Worker> {
  if (worker) return worker;
  const { default: EngineWorker } = await import('./engine.worker.ts?worker');
  const w: Worker = new EngineWorker();
  w.addEventListener('message', (ev: MessageEvent<WorkerMessage>) => {
    const m = ev.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') p.onProgress?.(m.stage);
    else {
      pending.delete(m.id);
      p.resolve(m);
    }
  });
  w.addEventListener('error', (ev) => failAll(new Error(`engine worker failed: ${ev.message || 'load error'}`)));
  worker = w;
  return w;
}

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
  worker?.terminate();
  worker = null;
}

// Request bodies without the id; the client assigns it.
type Body<R> = R extends Request ? Omit<R, 'id'> : never;

async function send(body: Body<Request>, onProgress?: (s: Stage) => void, timeoutMs = 60_000): Promise<Reply> {
  const w = await getWorker();
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    const timer = setTimeout(() => {
      failAll(new Error(`the engine did not answer within ${timeoutMs / 1000} s; it was stopped`));
    }, timeoutMs);
    pending.set(id, {
      resolve: (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
      onProgress,
    });
    w.postMessage({ ...body, id } as Request);
  });
}

function unwrap(r: Reply): Extract<Reply, { ok: true }> {
  if (!r.ok) throw fromWireError(r.error);
  return r;
}

export async function runLab(
  body: Body<Extract<Request, { type: 'run' }>>,
  onProgress?: (s: Stage) => void,
): Promise<Outcome> {
  const r = unwrap(await send(body, onProgress));
  if (!r.outcome) throw new Error('engine replied without an outcome');
  return r.outcome;
}

export async function compileOnly(source: string): Promise<Outcome> {
  const r = unwrap(await send({ type: 'compile', source }));
  if (!r.outcome) throw new Error('engine replied without an outcome');
  return r.outcome;
}

export async function stepStart(
  body: Body<Extract<Request, { type: 'step-start' }>>,
): Promise<{ step?: StepState; outcome?: Outcome }> {
  const r = unwrap(await send(body));
  return { step: 'step' in r ? r.step : undefined, outcome: r.outcome };
}

export async function stepCpu(cpu: number): Promise<StepState> {
  const r = unwrap(await send({ type: 'step', cpu }));
  if (!('step' in r)) throw new Error('engine replied without a step state');
  return r.step;
}
