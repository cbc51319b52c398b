/**
 * Entry of a CPU worker (Node worker_threads or a Web Worker): compiles the JIT module,
 * instantiates it on the shared engine memory, reports ready, waits on the start barrier and
 * runs its events in batches inside wasm, publishing progress after each batch. Runs the same
 * in both hosts; the only host-specific part is how it gets its message port.
 */
import { type HelperFn, instantiateJit, preferOptimizingTier } from '../jit/index.ts';
import { arriveAndWait, CTL, type InitMessage, phaseBarrier, serializeError, type WorkerMessage } from './protocol.ts';

interface Port {
  post(m: WorkerMessage): void;
  onMessage(f: (m: unknown) => void): void;
}

async function port(): Promise<Port> {
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') {
    const { parentPort } = await import('node:worker_threads');
    if (!parentPort) throw new Error('not started as a worker');
    return { post: (m) => parentPort.postMessage(m), onMessage: (f) => parentPort.on('message', f) };
  }
  const g = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(t: string, f: (e: MessageEvent) => void): void;
  };
  return { post: (m) => g.postMessage(m), onMessage: (f) => g.addEventListener('message', (e) => f(e.data)) };
}

async function helperFor(init: InitMessage): Promise<HelperFn> {
  if (init.helpers.kind === 'engine') {
    const { engineHelpers } = await import('./engine-host.ts');
    return engineHelpers(init.memory, init.cpu, BigInt(init.helpers.seed));
  }
  if (init.helpers.kind === 'bare') {
    const pidTgid = BigInt(init.helpers.pidTgid);
    return (id) => {
      if (id === 14) return pidTgid;
      if (id === 5) return BigInt(Math.round(performance.now() * 1e6));
      throw new Error(`helper ${id} is not available in this run`);
    };
  }
  return (id) => {
    throw new Error(`helper ${id} is not available in this run`);
  };
}

/**
 * V8 first runs wasm in its baseline tier and optimises hot functions later, in the
 * background; measured from the barrier, a cold CPU would run many times slower than a warm
 * one and the CPUs would barely overlap. So each worker first runs the program on a private
 * copy of the memory (same addresses, side effects thrown away, helpers answering 0) until the
 * optimised code is in.
 */
function warmUp(module: WebAssembly.Module, init: InitMessage): void {
  const size = init.memory.buffer.byteLength;
  const pages = size / 65536;
  const scratch = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  new Uint8Array(scratch.buffer).set(new Uint8Array(init.memory.buffer, 0, size));
  const inst = instantiateJit({ bytes: init.wasm, module, compileMs: 0 }, scratch, () => 0n);
  inst.cpu = init.cpu;
  inst.budget = Math.min(init.budget, 100_000);
  const deadline = performance.now() + 200;
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 50 && performance.now() < deadline; round++) {
    const t = performance.now();
    try {
      inst.runMany(2000, init.ctx, init.tmpl, init.ctxLen, init.fp);
    } catch {
      return; // a program that faults without real helpers: nothing more to learn
    }
    const dt = performance.now() - t;
    if (round > 4 && dt >= last * 0.9) return; // no longer getting faster
    last = Math.min(last, dt);
  }
}

/** This thread's CPU time in ns (Node ≥ 23.9), or null: excludes time the OS ran others. */
function threadCpuNs(): number | null {
  const proc = (globalThis as { process?: { threadCpuUsage?: () => { user: number; system: number } } }).process;
  const u = proc?.threadCpuUsage?.();
  return u ? (u.user + u.system) * 1000 : null;
}

const p = await port();
p.onMessage(async (raw) => {
  const init = raw as InitMessage;
  if (init.type !== 'init') return;
  let done = 0;
  try {
    const t0 = performance.now();
    preferOptimizingTier();
    const module = new WebAssembly.Module(init.wasm as Uint8Array<ArrayBuffer>);
    const inst = instantiateJit({ bytes: init.wasm, module, compileMs: 0 }, init.memory, await helperFor(init));
    inst.cpu = init.cpu;
    inst.budget = init.budget;
    warmUp(module, init);
    const ctl = new Int32Array(init.control);
    p.post({ type: 'ready', cpu: init.cpu, compileMs: performance.now() - t0 });
    arriveAndWait(ctl);
    const cpu0 = threadCpuNs();
    const start = performance.now();
    for (let phase = 0; done < init.events; phase++) {
      const n = Math.min(init.batch, init.events - done);
      inst.runMany(n, init.ctx, init.tmpl, init.ctxLen, init.fp, init.seq);
      done += n;
      Atomics.store(ctl, CTL.PROGRESS + init.cpu, done);
      // Every CPU has the same number of batches, so every CPU passes the same barriers.
      if (init.lockstep && done < init.events) phaseBarrier(ctl, phase);
    }
    const end = performance.now();
    const cpu1 = threadCpuNs();
    const cpuNs = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
    const o = performance.timeOrigin;
    p.post({
      type: 'done',
      cpu: init.cpu,
      ns: (end - start) * 1e6,
      cpuNs,
      events: done,
      start: o + start,
      end: o + end,
    });
  } catch (e) {
    p.post({ type: 'error', cpu: init.cpu, events: done, error: serializeError(e) });
  }
});
