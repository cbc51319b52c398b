/**
 * `lockstep sim FILE [--prog NAME] [--cpus N] [--events M] [--mode deterministic|parallel]
 * [--engine interp|jit] [--seed S] [--schedule STR] [--packet HEX] [--userspace TS] [--trace] [--json]`: compile
 * BPF C (or load a clang-built `.o`) and run it on the Lockstep engine. Prints the results schema
 * (`--json`: exact integers, stable keys; with `--trace` one more key, `trace`); `--trace` lists
 * every instruction of a deterministic run with the shared memory it touched. A run that
 * stopped early (fault, instruction budget, wall-clock limit) prints its error and exits with 1,
 * as do bad options and compile errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineCommand } from 'citty';

function fail(message: string): void {
  console.error(`lockstep sim: ${message}`);
  process.exitCode = 1;
}

function parseHex(text: string): Uint8Array | string {
  const t = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (t.length % 2 !== 0) return `--packet: odd number of hex digits (${t.length})`;
  const bad = /[^0-9a-f]/i.exec(t);
  if (bad) return `--packet: '${bad[0]}' at position ${bad.index + 1} is not a hex digit`;
  return Uint8Array.from(t.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

function int(name: string, v: string | undefined): number | undefined | string {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) return `--${name} must be a non-negative integer, got '${v}'`;
  return Number(v);
}

export default defineCommand({
  meta: { name: 'sim', description: 'Run a BPF C program on the simulated multi-CPU machine.' },
  args: {
    file: { type: 'positional', description: 'BPF C source (or a clang-built .o)', required: true },
    prog: { type: 'string', description: 'program (function) name; default: the first' },
    cpus: { type: 'string', description: 'simulated CPUs (default 1)' },
    events: { type: 'string', description: 'invocations per CPU (default 1)' },
    mode: { type: 'string', description: 'deterministic (default) or parallel' },
    engine: { type: 'string', description: 'interp (default) or jit' },
    seed: { type: 'string', description: 'seed of the random scheduler and bpf_get_prandom_u32' },
    schedule: { type: 'string', description: 'replay a schedule string (deterministic mode)' },
    packet: { type: 'string', description: 'packet bytes in hex for xdp/tc/socket programs (default 64 zero bytes)' },
    trace: { type: 'boolean', description: 'print every instruction and the shared memory it touched (deterministic)' },
    userspace: { type: 'string', description: "a lab's userspace script (e.g. labs/snapshot-swap/userspace.ts)" },
    json: { type: 'boolean', description: 'JSON output on stdout' },
  },
  async run({ args }) {
    const path = resolve(args.file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (e) {
      return fail(`cannot read ${args.file}: ${(e as Error).message}`);
    }
    const nums: Record<string, number | undefined> = {};
    for (const k of ['cpus', 'events'] as const) {
      const v = int(k, args[k]);
      if (typeof v === 'string') return fail(v);
      nums[k] = v;
    }
    if (args.mode !== undefined && args.mode !== 'deterministic' && args.mode !== 'parallel') {
      return fail(`--mode must be deterministic or parallel, got '${args.mode}'`);
    }
    if (args.engine !== undefined && args.engine !== 'interp' && args.engine !== 'jit') {
      return fail(`--engine must be interp or jit, got '${args.engine}'`);
    }
    let seed: bigint | undefined;
    if (args.seed !== undefined) {
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(args.seed)) return fail(`--seed must be an integer, got '${args.seed}'`);
      seed = BigInt(args.seed);
    }
    let packet: Uint8Array | undefined;
    if (args.packet !== undefined) {
      const p = parseHex(args.packet);
      if (typeof p === 'string') return fail(p);
      packet = p;
    }

    let obj: import('../../engine/object.ts').ProgramObject;
    if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
      const { loadElf } = await import('../../engine/elf/index.ts');
      try {
        obj = loadElf(bytes, args.file);
      } catch (e) {
        return fail(`${args.file}: ${(e as Error).message}`);
      }
    } else {
      const { compile } = await import('../../engine/compiler/index.ts');
      const { formatDiagnostic } = await import('../../engine/diagnostics.ts');
      const source = new TextDecoder().decode(bytes);
      const readFile = (p: string) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      };
      const out = compile({ path, source, readFile });
      if (!out.object) {
        for (const d of out.diagnostics) console.error(formatDiagnostic(d));
        process.exitCode = 1;
        return;
      }
      obj = out.object;
    }
    if (obj.programs.length === 0) return fail(`${args.file}: no SEC("...") program in the file`);

    let userspace: import('../../engine/machine/index.ts').UserspaceScript | undefined;
    if (args.userspace !== undefined) {
      try {
        const mod = (await import(pathToFileURL(resolve(args.userspace)).href)) as { default?: unknown };
        if (typeof mod.default !== 'function')
          return fail(`${args.userspace}: no default export (the userspace script)`);
        userspace = mod.default as typeof userspace;
      } catch (e) {
        return fail(`cannot load ${args.userspace}: ${(e as Error).message}`);
      }
    }
    const { runTraced } = await import('../../engine/machine/index.ts');
    const { stringifyResults } = await import('../../engine/results.ts');
    const { result, trace } = await runTraced(obj, args.prog ?? 0, {
      trace: Boolean(args.trace),
      cpus: nums.cpus,
      events: nums.events,
      mode: args.mode as 'deterministic' | 'parallel' | undefined,
      engine: args.engine as 'interp' | 'jit' | undefined,
      seed,
      schedule: args.schedule,
      packet,
      userspace,
    });
    if (args.json) console.log(stringifyResults(args.trace ? { ...result, trace } : result));
    else {
      if (args.trace) {
        for (const t of trace) {
          const loc = t.line ? `${t.line.file.replace(/^.*\//, '')}:${t.line.line}` : '';
          const a = t.access;
          const mem = a ? `  ${a.kind} ${a.what ?? `0x${a.addr.toString(16)}`} = ${a.value}` : '';
          console.log(`cpu${t.cpu} ev${t.event} ${String(t.pc).padStart(4)}  ${t.insn.padEnd(34)} ${loc}${mem}`);
        }
      }
      const show = (v: unknown) => stringifyResults(v);
      console.log(`${result.engine} ${result.mode}: ${result.cpus} CPU(s) × ${result.eventsPerCpu} event(s)`);
      for (const [k, v] of Object.entries(result.globals)) console.log(`  global ${k} = ${show(v)}`);
      for (const [k, entries] of Object.entries(result.maps)) {
        console.log(`  map ${k}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
        for (const e of entries.slice(0, 20)) console.log(`    ${show(e.key)} → ${show(e.value ?? e.values)}`);
        if (entries.length > 20) console.log(`    … ${entries.length - 20} more (--json prints all)`);
      }
      for (const line of result.log) console.log(`  log: ${line}`);
      console.log(`  ${(result.durationNs / 1e6).toFixed(2)} ms, ${result.nsPerEvent.toFixed(1)} ns/event`);
      const sched = result.schedule;
      if (sched !== undefined) {
        const shown =
          sched.length > 200 ? `${sched.slice(0, 200)}… (${sched.length} characters; --json prints it all)` : sched;
        console.log(`  schedule: ${shown}`);
      }
    }
    if (result.error) {
      const where = result.error.cpu !== undefined ? ` (CPU ${result.error.cpu}, insn ${result.error.pc})` : '';
      console.error(`lockstep sim: run stopped: ${result.error.code}: ${result.error.message}${where}`);
      process.exitCode = 1;
    }
  },
});
