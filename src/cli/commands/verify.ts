/**
 * `lockstep verify FILE [--prog NAME] [--log] [--json]`: run the engine's verifier on every
 * program of FILE (or one with --prog). FILE is BPF C (compiled with the engine's compiler) or a
 * clang-built .o (read with the engine's ELF loader). Exit code 1 when a program is rejected or
 * FILE cannot be read/compiled. `--json` prints
 * `{"programs":[{"name","section","accepted","error","insn","line","col"}]}` (and "log" with
 * --log); otherwise one line per program, and the kernel-style log with --log.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand } from 'citty';
import type { ProgramObject } from '../../engine/object.ts';

type Loaded = { object: ProgramObject; source?: string; lineText?: Map<string, string> };

async function load(path: string, file: string): Promise<Loaded | { error: string }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as Error).message}` };
  }
  if (bytes.subarray(0, 4).toString('latin1') === '\x7fELF') {
    const { loadElf, elfLineText, ElfError } = await import('../../engine/elf/index.ts');
    try {
      const data = new Uint8Array(bytes);
      return { object: loadElf(data, file), lineText: elfLineText(data, file) };
    } catch (e) {
      if (e instanceof ElfError) return { error: e.message };
      throw e;
    }
  }
  const source = bytes.toString('utf8');
  const { compile } = await import('../../engine/compiler/index.ts');
  const { formatDiagnostic } = await import('../../engine/diagnostics.ts');
  const readFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const { object, diagnostics } = compile({ path, source, readFile });
  if (!object) return { error: diagnostics.map(formatDiagnostic).join('\n') || `${file}: does not compile` };
  return { object, source };
}

export default defineCommand({
  meta: {
    name: 'verify',
    description: 'Verify BPF programs (C or clang .o) with the Lockstep verifier (Linux 6.18 rules).',
  },
  args: {
    file: { type: 'positional', description: 'BPF C source or clang-built .o', required: true },
    prog: { type: 'string', description: 'only this program (function name)' },
    log: {
      type: 'boolean',
      description: 'print the kernel-style verifier log (level 1: the path that was being checked)',
    },
    json: { type: 'boolean', description: 'JSON output on stdout' },
  },
  async run({ args }) {
    const loaded = await load(resolve(args.file), args.file);
    if ('error' in loaded) {
      if (args.json) console.log(JSON.stringify({ file: args.file, error: loaded.error, programs: [] }));
      else console.error(`lockstep verify: ${loaded.error}`);
      process.exitCode = 1;
      return;
    }
    const { verify } = await import('../../engine/verifier/index.ts');
    const { object, source, lineText } = loaded;
    const progs = args.prog ? object.programs.filter((p) => p.name === args.prog) : object.programs;
    if (!progs.length) {
      const have = object.programs.map((p) => p.name).join(', ') || 'none';
      const msg = args.prog
        ? `no program '${args.prog}' in ${args.file} (programs: ${have})`
        : `no programs in ${args.file}`;
      if (args.json) console.log(JSON.stringify({ file: args.file, error: msg, programs: [] }));
      else console.error(`lockstep verify: ${msg}`);
      process.exitCode = 1;
      return;
    }
    const out = progs.map((p) => {
      const r = verify(object, p.name, { logLevel: args.log ? 1 : 0, source, lineText });
      const loc = r.error?.loc ?? null;
      return {
        name: p.name,
        section: p.section,
        accepted: r.accepted,
        error: r.error?.message ?? null,
        insn: r.error?.insn ?? null,
        line: loc?.line ?? null,
        col: loc?.col ?? null,
        ...(args.log ? { log: r.log } : {}),
        processed: r.processed,
      };
    });
    if (args.json) console.log(JSON.stringify({ file: args.file, programs: out }));
    else {
      for (const p of out) {
        if (p.accepted) console.log(`${p.name} (${p.section}): accepted, ${p.processed} insns processed`);
        else
          console.log(
            `${p.name} (${p.section}): rejected at insn ${p.insn}${p.line ? ` (${args.file}:${p.line}:${p.col})` : ''}: ${p.error}`,
          );
        if (args.log) process.stdout.write(p.log ?? '');
      }
    }
    if (out.some((p) => !p.accepted)) process.exitCode = 1;
  },
});
