/**
 * The parallel machine's core: one worker per simulated CPU on the same shared memory, a start
 * barrier so all CPUs begin together, per-CPU timing, and a wall-clock limit after which every
 * worker still running is terminated and the outcome says which CPU was stuck and how far it
 * got. It knows nothing about maps or results: `runParallel` (index.ts) prepares the memory
 * and the program and turns the outcome into a RunResult.
 */
import { CTL, controlWords, type HelperMode, type SerializedError, type WorkerMessage } from './protocol.ts';
import { spawnCpuWorker, type WorkerLike } from './spawn.ts';

export interface CpuSlot {
  ctx: number;
  tmpl: number;
  ctxLen: number;
  fp: number;
  /** Address of this CPU's invocation counter (odd while an invocation runs), or 0. */
  seq?: number;
}

export interface WorkersSpec {
  memory: WebAssembly.Memory;
  wasm: Uint8Array;
  cpus: number;
  events: number;
  slots: CpuSlot[];
  budget: number;
  timeLimitMs: number;
  helpers: HelperMode;
  batch?: number;
  /**
   * Barrier after every batch (default true): makes the CPUs' work overlap even on a busy
   * machine, so races show; costs throughput when cores are scarce. The bench turns it off.
   */
  lockstep?: boolean;
}

export interface CpuOutcome {
  cpu: number;
  events: number;
  /** Time from the start barrier to the CPU's last event, in ns (NaN if it did not finish). */
  ns: number;
  /** The worker thread's CPU time over the same span (null where the host cannot tell). */
  cpuNs: number | null;
  compileMs: number;
  error?: SerializedError;
}

export interface WorkersOutcome {
  perCpu: CpuOutcome[];
  /** From releasing the barrier to the last CPU finishing. */
  wallNs: number;
  error?: { code: string; message: string; cpu?: number; pc?: number };
}

export async function runWorkers(spec: WorkersSpec): Promise<WorkersOutcome> {
  const { cpus } = spec;
  const control = new SharedArrayBuffer(controlWords(cpus) * 4);
  const ctl = new Int32Array(control);
  Atomics.store(ctl, CTL.PARTIES, cpus);
  const perCpu: CpuOutcome[] = Array.from({ length: cpus }, (_, cpu) => ({
    cpu,
    events: 0,
    ns: Number.NaN,
    cpuNs: null,
    compileMs: 0,
  }));
  const workers: WorkerLike[] = [];
  let ready = 0;
  let finished = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = 0;
  let settle!: (o: WorkersOutcome) => void;
  const result = new Promise<WorkersOutcome>((r) => {
    settle = r;
  });
  let over = false;
  const end = async (error?: WorkersOutcome['error']) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    const wallNs = lastEnd > firstStart ? (lastEnd - firstStart) * 1e6 : 0;
    for (let c = 0; c < cpus; c++) if (!(perCpu[c].ns >= 0)) perCpu[c].events = Atomics.load(ctl, CTL.PROGRESS + c);
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
    settle({ perCpu, wallNs, error });
  };
  const timer = setTimeout(() => {
    const notReady = ready < cpus ? ` (${cpus - ready} CPU(s) never reached the start barrier)` : '';
    const stuck = perCpu.filter((p) => !(p.ns >= 0)).map((p) => p.cpu);
    const progress = stuck.map((c) => `cpu ${c} at ${Atomics.load(ctl, CTL.PROGRESS + c)}/${spec.events} events`);
    void end({
      code: 'time-limit',
      message: `wall-clock limit of ${spec.timeLimitMs} ms reached; terminated ${progress.join(', ')}${notReady}`,
      cpu: stuck[0],
    });
  }, spec.timeLimitMs);
  const onMessage = (raw: unknown) => {
    const m = raw as WorkerMessage;
    if (m.type === 'ready') {
      perCpu[m.cpu].compileMs = m.compileMs;
      ready++;
    } else if (m.type === 'done') {
      firstStart = Math.min(firstStart, m.start);
      lastEnd = Math.max(lastEnd, m.end);
      perCpu[m.cpu].ns = m.ns;
      perCpu[m.cpu].cpuNs = m.cpuNs;
      perCpu[m.cpu].events = m.events;
      if (++finished === cpus) void end();
    } else if (m.type === 'error') {
      perCpu[m.cpu].error = m.error;
      perCpu[m.cpu].events = m.events;
      void end({ code: m.error.code, message: `cpu ${m.cpu}: ${m.error.message}`, cpu: m.cpu, pc: m.error.pc });
    }
  };
  try {
    for (let cpu = 0; cpu < cpus; cpu++) {
      const w = await spawnCpuWorker();
      workers.push(w);
      w.onMessage(onMessage);
      w.onError((e) => void end({ code: 'worker', message: `cpu ${cpu}: ${e.message}`, cpu }));
      const s = spec.slots[cpu];
      w.post({
        type: 'init',
        cpu,
        memory: spec.memory,
        control,
        wasm: spec.wasm,
        events: spec.events,
        ctx: s.ctx,
        tmpl: s.tmpl,
        ctxLen: s.ctxLen,
        fp: s.fp,
        seq: s.seq ?? 0,
        budget: spec.budget,
        batch: spec.batch ?? 1 << 14,
        lockstep: spec.lockstep ?? true,
        helpers: spec.helpers,
      });
    }
  } catch (e) {
    void end({ code: 'worker', message: `could not start workers: ${(e as Error).message}` });
  }
  return result;
}
