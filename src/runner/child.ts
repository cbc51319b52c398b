/**
 * Runs a child (make, or a lab binary) in its own process group and makes sure it is gone
 * when we return: on exit, on error, on timeout, and when we get SIGINT/SIGTERM (forwarded
 * to the whole group; the lab harness then destroys its skeleton, so nothing stays loaded).
 * A child that ignores the signal gets SIGKILL after a grace period; the kernel then frees
 * its programs and maps with its file descriptors (the harness never pins anything).
 */
import { spawn } from 'node:child_process';
import { RunnerError } from './errors.ts';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd?: string;
  timeoutMs: number;
  /** What the child is, for messages ("build", "run"). */
  what: string;
  /** Stream the child's stderr to ours as it comes (progress of long builds). */
  echoStderr?: boolean;
}

const GRACE_MS = 3000;

export function runChild(cmd: string, args: string[], opts: ChildOptions): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopping: 'timeout' | NodeJS.Signals | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.echoStderr) process.stderr.write(d);
    });

    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {} // already gone
    };
    const stop = (why: 'timeout' | NodeJS.Signals) => {
      if (stopping) return;
      stopping = why;
      killGroup(why === 'timeout' ? 'SIGTERM' : why);
      killTimer = setTimeout(() => killGroup('SIGKILL'), GRACE_MS);
    };
    const onSigint = () => stop('SIGINT');
    const onSigterm = () => stop('SIGTERM');
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);

    const done = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
    child.on('error', (e) => {
      done();
      reject(new RunnerError('run-failed', `${opts.what}: cannot start ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      if (stopping === 'timeout') {
        reject(new RunnerError('timeout', `${opts.what} took longer than ${opts.timeoutMs / 1000} s and was stopped`));
      } else if (stopping) {
        reject(new RunnerError('interrupted', `${opts.what} interrupted by ${stopping}; cleaned up`));
      } else {
        resolvePromise({ code, signal, stdout, stderr });
      }
    });
  });
}
