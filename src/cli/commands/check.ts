/**
 * `lockstep check LAB [--file F] [--starter] [--cpus N] [--events M] [--json]`: like `run`,
 * but prints the checks and exits 1 when one fails.
 */
import { defineCommand } from 'citty';
import { runArgs } from '../../runner/command.ts';

export default defineCommand({
  meta: { name: 'check', description: 'Run a lab on this machine’s kernel and grade it; exit 1 if a check fails.' },
  args: runArgs,
  async run({ args }) {
    const { runCommand } = await import('../../runner/command.ts');
    const passed = await runCommand('check', args);
    if (passed === false) process.exitCode = 1;
  },
});
