/**
 * Stopgap, inside the lab worker only: the parallel machine starts its CPU workers from
 * `new URL('./worker.ts', import.meta.url)` (src/engine/parallel/spawn.ts), which Vite emits as
 * a raw, unbundled .ts asset that a browser cannot run. Until spawn.ts uses Vite's inline
 * `new Worker(new URL(…), { type: 'module' })` form, this wraps `Worker` so that URL is replaced
 * by the bundled CPU worker (Vite's `?worker&url`). Nothing else is touched.
 */
import cpuWorkerUrl from '../../engine/parallel/worker.ts?worker&url';

const Native = globalThis.Worker;
if (typeof Native === 'function') {
  class CpuWorker extends Native {
    constructor(url: string | URL, opts?: WorkerOptions) {
      const raw = /\/worker(-[\w-]+)?\.ts$/.test(String(url));
      super(raw ? cpuWorkerUrl : url, raw ? { ...opts, type: 'module' } : opts);
    }
  }
  globalThis.Worker = CpuWorker;
}
