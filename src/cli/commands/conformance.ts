/**
 * `lockstep conformance DIR [--engine interp|jit] [--json]`: runs bpf_conformance `.data`
 * files on the engine; one line a test, the last line exactly `N passed, N failed, N skipped`.
 * Exit code 1 when a test fails or DIR cannot be read.
 */
import { existsSync, statSync } from 'node:fs';
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'conformance', description: 'Run bpf_conformance .data tests on the interpreter or the JIT.' },
  args: {
    dir: { type: 'positional', description: 'directory of .data files', required: true },
    engine: { type: 'string', description: 'interp (default) or jit', default: 'interp' },
    json: { type: 'boolean', description: 'JSON output on stdout' },
  },
  async run({ args }) {
    const engine = args.engine;
    if (engine !== 'interp' && engine !== 'jit') {
      console.error(`lockstep conformance: --engine must be interp or jit, got '${engine}'`);
      process.exitCode = 1;
      return;
    }
    if (!existsSync(args.dir) || !statSync(args.dir).isDirectory()) {
      console.error(`lockstep conformance: ${args.dir}: not a directory`);
      process.exitCode = 1;
      return;
    }
    const { runConformanceDir } = await import('../../engine/machine/conformance.ts');
    const s = await runConformanceDir(args.dir, engine);
    if (args.json) {
      console.log(JSON.stringify({ engine, passed: s.passed, failed: s.failed, skipped: s.skipped, tests: s.results }));
    } else {
      for (const r of s.results) console.log(`${r.status.toUpperCase().padEnd(4)} ${r.name}: ${r.detail}`);
      console.log(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
    }
    if (s.failed > 0) process.exitCode = 1;
  },
});
