import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { disasmLlvm } from '../isa/index.ts';
import { compile } from './index.ts';

const root = join(dirname(new URL(import.meta.url).pathname), '../../..');
const readFile = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

function text(src: string, prog = 0): string[] {
  const r = compile({ path: 't.bpf.c', source: src });
  expect(r.diagnostics).toEqual([]);
  const p = r.object!.programs[prog];
  return p.insns.map((_, k) => disasmLlvm(p.insns, k, { alu32: true })).filter((s) => s !== '');
}

const HEAD = '#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n';

describe('compile()', () => {
  test('every lab program compiles (starters, solutions and variants)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'build' && e.name !== 'node_modules') walk(join(d, e.name));
        else if (e.name.endsWith('.bpf.c')) files.push(join(d, e.name));
      }
    };
    walk(join(root, 'labs'));
    for (const path of files) {
      const r = compile({ path, source: readFileSync(path, 'utf8'), readFile });
      expect(r.diagnostics, path).toEqual([]);
      expect(r.object!.programs.length, path).toBeGreaterThan(0);
    }
    expect(files.filter((f) => /(starter|solution)\.bpf\.c$/.test(f)).length).toBeGreaterThanOrEqual(2);
  });

  test('counter++ on a global is load, add 1, store', () => {
    const t = text(`${HEAD}__u64 counter;\nSEC("xdp") int f(struct xdp_md *ctx) { counter++; return XDP_PASS; }`);
    expect(t).toEqual(
      ['r1 = 0 ll', 'r2 = *(u64 *)(r1 + 0)', 'r2 += 1', '*(u64 *)(r1 + 0) = r2', 'w0 = 2', 'exit'].map((s) =>
        expect.stringContaining(s.split(' ')[0]),
      ),
    );
    expect(t[1]).toBe('r2 = *(u64 *)(r1 + 0)');
    expect(t[2]).toBe('r2 += 1');
    expect(t[3]).toBe('*(u64 *)(r1 + 0) = r2');
  });

  test('__sync_fetch_and_add is one atomic add (FETCH only when the value is used, as clang -mcpu=v3)', () => {
    const unused = text(
      `${HEAD}__u64 counter;\nSEC("xdp") int f(struct xdp_md *ctx) { __sync_fetch_and_add(&counter, 1); return XDP_PASS; }`,
    );
    expect(unused.filter((s) => s.startsWith('lock'))).toEqual(['lock *(u64 *)(r1 + 0) += r2']);
    const used = text(
      `${HEAD}__u64 counter, got;\nSEC("xdp") int f(struct xdp_md *ctx) { got = __sync_fetch_and_add(&counter, 1); return XDP_PASS; }`,
    );
    expect(used.filter((s) => s.includes('atomic'))).toEqual(['r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)']);
  });

  test("8- and 16-bit atomics are rejected with clang's message", () => {
    const r = compile({
      path: 'a.c',
      source: `${HEAD}__u8 c;\nSEC("xdp") int f(void *ctx) {\n  __sync_fetch_and_add(&c, 1);\n  return 0; }`,
    });
    expect(r.object).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({
      message: 'Unsupported atomic operations, please use 32/64 bit version',
      line: 5,
      col: 3,
      endCol: 23,
    });
  });
});

describe('bpf_tracing.h', () => {
  test('BPF_PROG gives typed arguments from the u64 context array', () => {
    const t = text(
      `${HEAD}#include <bpf/bpf_tracing.h>\n__u64 last;\nSEC("tp_btf/sys_enter")\nint BPF_PROG(on_enter, struct pt_regs *regs, long id)\n{\n\tlast = id;\n\treturn 0;\n}`,
    );
    expect(t.some((s) => /^r\d = \*\(u64 \*\)\(r1 \+ 8\)$/.test(s))).toBe(true);
  });
});

describe('compile() edge cases', () => {
  test('a file without SEC() functions compiles with a warning', () => {
    const r = compile({ path: 'a.c', source: 'int x;\nstatic int f(void) { return x; }\n' });
    expect(r.object?.programs).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'C2001' })]);
  });

  test('a readFile that throws is a missing file, not a crash', () => {
    const r = compile({
      path: 'a.c',
      source: '#include "x.h"\n',
      readFile: () => {
        throw new Error('EACCES');
      },
    });
    expect(r.diagnostics[0].message).toMatch(/^'x.h' file not found/);
  });
});
