/**
 * The runner's one error class: a stable code for scripts (`--json` prints it) and a message
 * for people that says what to do (install command, sudo, kernel version).
 */
export type RunnerErrorCode =
  | 'not-permitted'
  | 'missing-tool'
  | 'old-kernel'
  | 'no-btf'
  | 'no-tracefs'
  | 'no-such-file'
  | 'bad-args'
  | 'build-failed'
  | 'run-failed'
  | 'timeout'
  | 'interrupted'
  | 'bad-output'
  | 'not-linux';

export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RunnerError';
  }
}
