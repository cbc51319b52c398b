/**
 * `lockstep compile FILE [--disasm] [--json]`: compile BPF C with the engine's compiler.
 * Errors print like clang (`file:line:col: error: message`, the source line and a caret) on
 * stderr with exit code 1. `--disasm` lists each program in llvm-objdump syntax with its source
 * lines; `--json` prints programs (instructions as hex and text with source positions), maps
 * and globals with stable keys.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'compile', description: 'Compile a BPF C file to eBPF with the Lockstep compiler.' },
  args: {
    file: { type: 'positional', description: 'BPF C source file', required: true },
    disasm: { type: 'boolean', description: 'print the instructions (llvm-objdump syntax) with source lines' },
    json: { type: 'boolean', description: 'JSON output on stdout' },
  },
  async run({ args }) {
    const path = resolve(args.file);
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (e) {
      console.error(`lockstep compile: cannot read ${args.file}: ${(e as Error).message}`);
      process.exitCode = 1;
      return;
    }
    const readFile = (p: string) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    };
    const { compile } = await import('../../engine/compiler/index.ts');
    const { formatDiagnostic } = await import('../../engine/diagnostics.ts');
    const { disasmLlvm, encode } = await import('../../engine/isa/index.ts');
    const { object, diagnostics } = compile({ path, source, readFile });
    if (!object) {
      if (args.json) console.log(JSON.stringify({ file: args.file, ok: false, diagnostics }));
      else {
        for (const d of diagnostics) {
          console.error(formatDiagnostic(d));
          const text = d.file === path ? source.split('\n')[d.line - 1] : undefined;
          if (text !== undefined) console.error(`${text}\n${' '.repeat(Math.max(0, d.col - 1))}^`);
        }
      }
      process.exitCode = 1;
      return;
    }
    if (!args.json) for (const d of diagnostics) console.error(formatDiagnostic(d));
    const lines = source.split('\n');
    const programs = object.programs.map((p) => ({
      name: p.name,
      section: p.section,
      type: p.type,
      attachTo: p.attachTo,
      funcs: p.funcs,
      insns: p.insns.flatMap((insn, pc) => {
        if (pc > 0 && p.insns[pc - 1].code === 0x18) return [];
        const slots = insn.code === 0x18 ? p.insns.slice(pc, pc + 2) : [insn];
        const hex = Buffer.from(encode(slots)).toString('hex');
        const loc = p.lines[pc];
        return [
          { pc, hex, text: disasmLlvm(p.insns, pc, { alu32: true }), line: loc?.line ?? null, col: loc?.col ?? null },
        ];
      }),
    }));
    const maps = object.maps.map((m) => ({
      name: m.name,
      kind: m.kind,
      type: m.type,
      keySize: m.keySize,
      valueSize: m.valueSize,
      maxEntries: m.maxEntries,
      flags: m.flags,
      spinLockOff: m.spinLockOff,
      ...(m.inner
        ? {
            inner: {
              type: m.inner.type,
              keySize: m.inner.keySize,
              valueSize: m.inner.valueSize,
              maxEntries: m.inner.maxEntries,
            },
          }
        : {}),
      ...(m.initValues ? { initValues: m.initValues } : {}),
    }));
    const globals = object.maps.flatMap((m) =>
      (m.vars ?? []).map((v) => ({
        name: v.name,
        section: m.name,
        offset: v.offset,
        size: v.type.size,
        type: v.type.name,
      })),
    );
    if (args.json) {
      console.log(
        JSON.stringify({ file: args.file, ok: true, license: object.license, programs, maps, globals, diagnostics }),
      );
      return;
    }
    for (const p of programs) {
      console.log(`${p.name}: SEC("${p.section}") ${p.type}, ${p.insns.length} instructions`);
      if (!args.disasm) continue;
      let last = -1;
      for (const i of p.insns) {
        const f = p.funcs.find((x) => x.start === i.pc);
        if (f) console.log(`\n${f.name}:`);
        if (i.line !== null && i.line !== last) {
          console.log(`; ${(lines[i.line - 1] ?? '').trim()}`);
          last = i.line;
        }
        console.log(`${String(i.pc).padStart(6)}:\t${i.text}`);
      }
      console.log('');
    }
    for (const m of maps)
      console.log(`map ${m.name}: type ${m.type}, key ${m.keySize} B, value ${m.valueSize} B, ${m.maxEntries} entries`);
  },
});
