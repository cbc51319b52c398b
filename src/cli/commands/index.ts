/**
 * The command table: name → lazy loader. Each command is one file in this folder exporting a
 * citty command as `default`. Add a line here to add a command.
 */
import type { CommandDef } from 'citty';

// biome-ignore lint/suspicious/noExplicitAny: each command has its own argument types
type AnyCommand = CommandDef<any>;
type Lazy = () => Promise<AnyCommand>;
const lazy =
  (load: () => Promise<{ default: AnyCommand }>): Lazy =>
  () =>
    load().then((m) => m.default);

export const commands: Record<string, Lazy> = {
  version: lazy(() => import('./version.ts')),
  conformance: lazy(() => import('./conformance.ts')),
  sim: lazy(() => import('./sim.ts')),
  doctor: lazy(() => import('./doctor.ts')),
  list: lazy(() => import('./list.ts')),
  run: lazy(() => import('./run.ts')),
  check: lazy(() => import('./check.ts')),
  compile: lazy(() => import('./compile.ts')),
  bench: lazy(() => import('./bench.ts')),
  verify: lazy(() => import('./verify.ts')),
};
