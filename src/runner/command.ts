/**
 * What `lockstep run` and `lockstep check` share: their arguments and one function that runs
 * a lab on the kernel and prints it. Errors print as `lockstep <cmd>: message` on stderr (or
 * `{"error": {code, message}}` on stdout with --json) and set exit code 1 (130 when
 * interrupted).
 */
import { stringifyResults } from '../engine/results.ts';
import { LabError } from '../labs/validate.ts';
import { RunnerError } from './errors.ts';

export const runArgs = {
  lab: { type: 'positional', description: 'lab id (see `lockstep list`)', required: true },
  file: { type: 'string', description: 'your BPF C file instead of the solution' },
  starter: { type: 'boolean', description: 'run the starter instead of the solution' },
  cpus: { type: 'string', description: 'CPUs to run on (default: the lab’s)' },
  events: { type: 'string', description: 'events per CPU (default: the lab’s)' },
  json: { type: 'boolean', description: 'the results schema as JSON on stdout' },
  verbose: { type: 'boolean', description: 'show build output' },
} as const;

export interface RunArgs {
  lab: string;
  file?: string;
  starter?: boolean;
  cpus?: string;
  events?: string;
  json?: boolean;
  verbose?: boolean;
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new RunnerError('bad-args', `--${name} must be a positive integer, got '${v}'`);
  return Number(v);
}

/** Runs the lab; returns whether every check passed, or null on error (already reported). */
export async function runCommand(cmd: 'run' | 'check', args: RunArgs): Promise<boolean | null> {
  try {
    const { runOnKernel } = await import('./run.ts');
    const { formatRun } = await import('./report.ts');
    const run = await runOnKernel({
      lab: args.lab,
      file: args.file,
      starter: args.starter,
      cpus: num('cpus', args.cpus),
      events: num('events', args.events),
      verbose: args.verbose,
    });
    const r = run.result;
    if (args.json) console.log(stringifyResults(r));
    else console.log(formatRun(run.lab, r, run.source, { values: cmd === 'run' }));
    return r.checks.every((c) => c.pass);
  } catch (e) {
    if (!(e instanceof RunnerError || e instanceof LabError)) throw e;
    if (args.json) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
    else console.error(`lockstep ${cmd}: ${e.message}`);
    process.exitCode = e.code === 'interrupted' ? 130 : 1;
    return null;
  }
}
