/**
 * The lab cell's engine worker: compile → verify → run → grade, off the main thread.
 * It speaks only protocol.ts. The engine pieces are found through `engine-link.ts`, which
 * tells which are present in this build, so a cell can say "not built yet" instead of failing.
 * Not here: any DOM, any rendering, or the parallel machine's own per-CPU workers (the machine
 * spawns those itself).
 */
/// <reference lib="webworker" />
import { engine } from './engine-link.ts';
import {
  type Outcome,
  type Request,
  STEP_USERSPACE,
  type Stage,
  type StepState,
  toWireError,
  type WorkerMessage,
} from './protocol.ts';
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
      const opts = {
        cpus: req.cpus,
        events: req.events,
        seed: req.seed ?? Date.now() % 1_000_000,
        lab: req.lab.id,
        // The lab's reader or harvester runs beside the CPUs in every mode (its checks read its tally).
        userspace: engine.userspaceScript(req.lab.id),
      };
      // Parallel mode runs JIT code on one worker per CPU; deterministic mode interprets.
      let result = await engine.run(built.object, built.prog, {
        ...opts,
        mode: req.mode,
        engine: req.mode === 'parallel' ? 'jit' : 'interp',
      });
      // No parallel machine in this build, or its CPU workers could not start: say so and run
      // the deterministic machine, which races too (seeded random interleaving).
      if (req.mode === 'parallel' && (result.error?.code === 'no-engine' || result.error?.code === 'worker')) {
        outcome.notes?.push(
          `Parallel mode is unavailable here (${result.error.message}); this run used the deterministic scheduler.`,
        );
        result = await engine.run(built.object, built.prog, { ...opts, mode: 'deterministic', engine: 'interp' });
      }
      outcome.result = result;
      progress('grade');
      outcome.checks = engine.grade(req.lab.id, result);
      post({ type: 'reply', id: req.id, ok: true, outcome });
      return;
    }
    case 'step-start': {
      const built = engine.build(req.source, req.lab.program, progress, true);
      if (!built.ready) {
        session = null;
        return post({ type: 'reply', id: req.id, ok: true, outcome: built.outcome });
      }
      const stepper = engine.createStepper(built.object, built.prog, {
        cpus: req.cpus,
        events: req.events,
        lab: req.lab.id,
        userspace: engine.userspaceScript(req.lab.id),
      });
      session = new StepSession(engine, stepper, req.lab.id, built.outcome.disasm ?? []);
      await session.ready();
      if (req.schedule) await session.replay(req.schedule);
      const step: StepState = await session.state();
      post({ type: 'reply', id: req.id, ok: true, step, outcome: built.outcome });
      return;
    }
    case 'step': {
      if (!session) throw new Error('no step session: start step mode first');
      if (req.cpu === STEP_USERSPACE) await session.stepUserspace();
      else if (req.cpu < 0) await session.undo();
      else session.step(req.cpu);
      post({ type: 'reply', id: req.id, ok: true, step: await session.state() });
      return;
    }
  }
}

self.addEventListener('message', (ev: MessageEvent<Request>) => {
  handle(ev.data).catch((e) => post({ type: 'reply', id: ev.data.id, ok: false, error: toWireError(e) }));
});
