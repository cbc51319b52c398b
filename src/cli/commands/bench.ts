/**
 * `lockstep bench [--json] [--labs a,b] [--no-kernel] [--events N]`: every lab program on the
 * interpreter, the parallel JIT and this machine's kernel (events/s per CPU on 2 CPUs), with
 * compile and verify times; a table on stdout (or the JSON report with --json), and the JSON
 * written to bench-results/.
 */
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'bench', description: 'Measure every lab program: interpreter, parallel JIT and the real kernel.' },
  args: {
    json: { type: 'boolean', description: 'print the JSON report on stdout' },
    labs: { type: 'string', description: 'comma-separated lab ids (default: all)' },
    kernel: { type: 'boolean', default: true, description: 'also run on this machine’s kernel (--no-kernel to skip)' },
    cpus: { type: 'string', description: 'simulated CPUs (default 2)' },
    events: { type: 'string', description: 'JIT events per CPU (default 1000000)' },
    out: { type: 'string', description: 'directory for the JSON report (default bench-results)' },
  },
  async run({ args }) {
    const num = (name: string, v: string | undefined, lo: number, hi: number) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < lo || n > hi) {
        console.error(`lockstep bench: --${name} must be an integer in ${lo}..${hi}, got ${v}`);
        process.exit(1);
      }
      return n;
    };
    const cpus = num('cpus', args.cpus, 1, 64);
    const jitEvents = num('events', args.events, 1, 1e9);
    const { runBench, formatTable, writeReport } = await import('../../bench/index.ts');
    const { allLabs } = await import('../../labs/registry.ts');
    const known = allLabs().map((d) => d.meta.id);
    const labs = args.labs ? args.labs.split(',').map((s) => s.trim()) : undefined;
    const unknown = labs?.filter((l) => !known.includes(l)) ?? [];
    if (unknown.length) {
      console.error(`lockstep bench: no lab ${unknown.join(', ')}; labs: ${known.join(', ')}`);
      process.exit(1);
    }
    const report = await runBench({
      labs,
      cpus,
      jitEvents,
      kernel: args.kernel,
      onRow: args.json ? undefined : (r) => console.error(`measured ${r.lab} (${r.source})`),
    });
    const file = writeReport(report, args.out ?? 'bench-results');
    if (args.json) console.log(JSON.stringify(report));
    else {
      console.log(formatTable(report));
      console.log(`JSON: ${file}`);
    }
  },
});
