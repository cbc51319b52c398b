/**
 * `lockstep run LAB [--file F] [--starter] [--cpus N] [--events M] [--json]`: build the lab
 * for this machine's kernel, run it and print the results with its checks graded. The exit
 * code is 0 even when checks fail (use `lockstep check` to gate on them).
 */
import { defineCommand } from 'citty';
import { runArgs } from '../../runner/command.ts';

export default defineCommand({
  meta: { name: 'run', description: 'Run a lab on this machine’s kernel (clang + libbpf + bpftool).' },
  args: runArgs,
  async run({ args }) {
    const { runCommand } = await import('../../runner/command.ts');
    await runCommand('run', args);
  },
});
