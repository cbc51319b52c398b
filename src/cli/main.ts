/**
 * The `lockstep` command line. Commands live one per file in ./commands and are registered
 * lazily (a command's module, and the engine behind it, load only when that command runs).
 * Every command takes `--json` for machine-readable output on stdout with stable keys.
 */
import { defineCommand, runMain } from 'citty';
import { commands } from './commands/index.ts';

const root = defineCommand({
  meta: {
    name: 'lockstep',
    version: '0.1.0',
    description: 'Compile, verify and run BPF C labs on the Lockstep engine or on this machine’s kernel.',
  },
  subCommands: commands,
});

export async function main(argv: string[]): Promise<void> {
  await runMain(root, { rawArgs: argv });
}
