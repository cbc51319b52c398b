/**
 * Fuzzing compile(): random bytes, token-level mutations of the corpus (shuffles, deletions,
 * duplications, splices), 1 MB files (rejected: the limit is 64 KB a file) and 10 000-deep nesting of every bracket kind, #if and
 * macros. Each input must give a program or diagnostics within 1 s — never a throw, never an
 * "internal compiler error". A fixed seed keeps failures reproducible.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Code } from './diag.ts';
import { compile } from './index.ts';
import { lex } from './lex.ts';

const dir = join(dirname(new URL(import.meta.url).pathname), 'corpus');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.bpf.c'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let worst = 0;
function check(source: string, what: string): void {
  // CPU time, not wall time: the bound is on our work, not on how busy the machine is.
  const t0 = process.cpuUsage();
  let r: ReturnType<typeof compile>;
  try {
    r = compile({ path: 'fuzz.bpf.c', source, readFile: (p) => (p === 'fuzz.bpf.c' ? source : undefined) });
  } catch (e) {
    throw new Error(`${what}: compile() threw ${String(e)}`);
  }
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  worst = Math.max(worst, ms);
  expect(ms, `${what}: took ${ms.toFixed(0)} ms`).toBeLessThan(1000);
  expect(r.object !== null || r.diagnostics.length > 0, what).toBe(true);
  const internal = r.diagnostics.find((d) => d.code === Code.internal);
  expect(internal?.message, `${what}\n--- input ---\n${source.slice(0, 2000)}`).toBeUndefined();
}

describe('compile() on hostile input', () => {
  test('random bytes', () => {
    const rand = rng(1);
    for (let n = 0; n < 400; n++) {
      const len = Math.floor(rand() * 400);
      let s = '';
      for (let k = 0; k < len; k++) s += String.fromCharCode(Math.floor(rand() * (rand() < 0.8 ? 128 : 65536)));
      check(s, `random #${n}`);
    }
  });

  test('token mutations of the corpus', () => {
    const rand = rng(2);
    const toks = corpus.map((src) =>
      lex(src, 'x')
        .slice(0, -1)
        .map((t) => (t.bol ? `\n${t.text}` : t.text)),
    );
    for (let n = 0; n < 2000; n++) {
      const base = toks[n % toks.length].slice();
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const i = Math.floor(rand() * base.length);
        const j = Math.floor(rand() * base.length);
        const kind = Math.floor(rand() * 4);
        if (kind === 0) base.splice(i, 1);
        else if (kind === 1) [base[i], base[j]] = [base[j], base[i]];
        else if (kind === 2) base.splice(i, 0, base[j]);
        else
          base.splice(
            i,
            Math.floor(rand() * 8),
            ...toks[Math.floor(rand() * toks.length)].slice(j % 50, (j % 50) + 10),
          );
      }
      check(base.join(' '), `mutation #${n}`);
    }
  });

  test('1 MB inputs', () => {
    const decls = Array.from({ length: 60000 }, (_, k) => `int g${k};`).join('\n');
    check(decls.slice(0, 1 << 20), '1 MB of declarations');
    const body = `#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n__u64 x;\nSEC("xdp") int f(void *c) {\n${'x += 3;\n'.repeat(140000)} return 2; }`;
    check(body.slice(0, (1 << 20) - 12) + '\nreturn 0;}', '1 MB function');
    const big = `#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n__u64 x;\nSEC("xdp") int f(void *c) {\n${'x += 3;\n'.repeat(7000)} return 2; }`;
    check(big, 'a 56 KB function (the limit is 64 KB)');
    expect(compile({ path: 'a.c', source: big }).object).not.toBeNull();
    check('/*'.padEnd(1 << 20, 'a'), '1 MB comment');
    check(`"${'a'.repeat(1 << 20)}`, '1 MB unterminated string');
  });

  test('10 000-deep nesting', () => {
    const N = 10000;
    check(`int f(void) { return ${'('.repeat(N)}1${')'.repeat(N)}; }`, 'parens');
    check(`int f(void) ${'{'.repeat(N)}${'}'.repeat(N)}`, 'braces');
    check(`int a[1]; int f(void) { return a${'[0'.repeat(N)}${']'.repeat(N)}; }`, 'brackets');
    check(`int f(int x) { return ${'-'.repeat(N)}x; }`, 'unary minus');
    check(`int f(int x) { return ${'!'.repeat(N)}x; }`, 'logical not');
    check(`int f(int x) { return ${'x + '.repeat(N)}x; }`, 'long sum');
    check(`int f(int x) { return ${'x ? '.repeat(N)}x${' : x'.repeat(N)}; }`, 'ternaries');
    check(`int f(int x) { ${'if (x) '.repeat(N)}return 1; return 0; }`, 'if chain');
    check(`int f(int x) { ${'while (x) '.repeat(N)}x--; return 0; }`, 'loops');
    check(`${'#if 1\n'.repeat(N)}int x;\n${'#endif\n'.repeat(N)}`, '#if');
    check(`#define A(x) x\nint x = ${'A('.repeat(N)}1${')'.repeat(N)};`, 'macro arguments');
    check(`#define X X X\nint x = X;`, 'self-referencing macro');
    check(`#define A B\n#define B A\nint x = A;`, 'mutually recursive macros');
    check(`#include "fuzz.bpf.c"\n`, 'self-include');
    check(`int f(void) { int ${'*'.repeat(N)}p; return 0; }`, 'pointer declarator');
    check(`int ${'('.repeat(N)}x${')'.repeat(N)};`, 'parenthesised declarator');
    check(`struct a { ${'struct { '.repeat(N)}int x;${' } y;'.repeat(N)} };`, 'nested structs');
    check(`int x = ${'{'.repeat(N)}1${'}'.repeat(N)};`, 'nested initializer');
  });

  test('every input finished well under the limit', () => {
    console.log(`slowest input: ${worst.toFixed(0)} ms CPU`);
    expect(worst).toBeLessThan(1000);
  });
});
