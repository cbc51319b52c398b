/**
 * The lab cell's engine worker: compile → verify → run → grade, off the main thread.
 * It speaks only protocol.ts. The engine pieces are found through `engine-link.ts`, which
 * tells which are present in this build, so a cell can say "not built yet" instead of failing.
 * Not here: any DOM, any rendering, or the parallel machine's own per-CPU workers (the machine
 * spawns those itself).
 */
/// <reference lib="webworker" />
import { engine } from './engine-link.ts';
import { type Outcome, type Request, type Stage, type StepState, toWireError, type WorkerMessage } from './protocol.ts';
import { StepSession } from './step-session.ts';

const post = (m: WorkerMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
let session: StepSession | null = null;

async function handle(req: Request): Promise<void> {
  const progress = (stage: Stage) => post({ type: 'progress', id: req.id, stage });
  switch (req.type) {
    case 'compile': {
      const o = engine.build(req.source, req.lab?.program, progress, false);
      post({ type: 'reply', id: req.id, ok: true, outcome: o.outcome });
      return;
    }
    case 'run': {
      const built = engine.build(req.source, req.lab.program, progress, true);
      if (!built.ready) return post({ type: 'reply', id: req.id, ok: true, outcome: built.outcome });
      progress('run');
      const outcome: Outcome = built.outcome;
      outcome.stage = 'run';
      if (!engine.run) {
        outcome.missing.push('machine');
        return post({ type: 'reply', id: req.id, ok: true, outcome });
      }
      const result = await engine.run(built.object, built.prog, {
        cpus: req.cpus,
        events: req.events,
        mode: req.mode,
        seed: req.seed,
        lab: req.lab.id,
      });
      outcome.result = result;
      progress('grade');
      outcome.checks = await engine.grade(req.lab.id, result, outcome.missing);
      post({ type: 'reply', id: req.id, ok: true, outcome });
      return;
    }
    case 'step-start': {
      const built = engine.build(req.source, req.lab.program, progress, true);
      if (!built.ready || !engine.createStepper) {
        if (built.ready) built.outcome.missing.push('stepper');
        session = null;
        return post({ type: 'reply', id: req.id, ok: true, outcome: built.outcome });
      }
      session = new StepSession(
        engine,
        built.object,
        built.prog,
        req.lab.id,
        req.cpus,
        req.events,
        built.outcome.disasm ?? [],
      );
      if (req.schedule) await session.replay(req.schedule);
      const step: StepState = await session.state();
      post({ type: 'reply', id: req.id, ok: true, step, outcome: built.outcome });
      return;
    }
    case 'step': {
      if (!session) throw new Error('no step session: start step mode first');
      if (req.cpu < 0) await session.undo();
      else await session.step(req.cpu);
      post({ type: 'reply', id: req.id, ok: true, step: await session.state() });
      return;
    }
  }
}

self.addEventListener('message', (ev: MessageEvent<Request>) => {
  handle(ev.data).catch((e) => post({ type: 'reply', id: ev.data.id, ok: false, error: toWireError(e) }));
});
