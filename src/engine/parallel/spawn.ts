/**
 * Starting a CPU worker in Node (`worker_threads`) or in a page (Web Workers) behind one small
 * interface. In Node the worker is a TypeScript module, so it is started with tsx's loader
 * (`--import tsx`), the same way bin/lockstep.mjs runs the CLI. In the page the expression
 * must stay literally `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`:
 * that is the pattern bundlers (Vite) recognise to build and emit the worker.
 */

export interface WorkerLike {
  post(msg: unknown): void;
  onMessage(f: (msg: unknown) => void): void;
  onError(f: (e: Error) => void): void;
  terminate(): Promise<void>;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

export async function spawnCpuWorker(): Promise<WorkerLike> {
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(new URL('./worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    // A worker must not keep the process alive on its own (the main side always ends it).
    return {
      post: (m) => w.postMessage(m),
      onMessage: (f) => w.on('message', f),
      onError: (f) => {
        w.on('error', f);
        w.on('exit', (code) => {
          if (code !== 0) f(new Error(`worker exited with code ${code}`));
        });
      },
      terminate: async () => {
        await w.terminate();
      },
    };
  }
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (f) => w.addEventListener('message', (e) => f((e as MessageEvent).data)),
    onError: (f) => w.addEventListener('error', (e) => f(new Error((e as ErrorEvent).message || 'worker error'))),
    terminate: async () => w.terminate(),
  };
}
