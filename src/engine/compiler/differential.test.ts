/**
 * Differential test on generated programs: random integer expressions over globals of every
 * C integer type (promotions, conversions, casts, comparisons, ternaries, shifts, unsigned
 * division) compiled by clang and run on the real kernel, and compiled by us and run both on
 * the kernel (raw bpf(2) loader) and on our interpreter: all three must give the same globals.
 * Expressions avoid C's undefined behaviour (signed overflow, oversized shifts, division by
 * zero) so clang's optimiser cannot legitimately differ. Fixed seed: failures reproduce.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, kernelRun } from '../../testing/oracle/index.ts';
import { loadElf } from '../elf/index.ts';
import { run } from '../machine/index.ts';
import { readGlobal } from './corpus.ts';
import { compile } from './index.ts';
import { rawKernelRun } from './testing/raw-kernel.ts';

const TYPES = [
  ['signed char', 8, true],
  ['unsigned char', 8, false],
  ['short', 16, true],
  ['unsigned short', 16, false],
  ['int', 32, true],
  ['unsigned int', 32, false],
  ['long', 64, true],
  ['unsigned long', 64, false],
] as const;

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(a: readonly T[]) => a[Math.floor(next() * a.length)] };
}

function program(seed: number, results: number): string {
  const r = rng(seed);
  const value = (bits: number, signed: boolean) => {
    const special = [0n, 1n, -1n, 127n, -128n, 255n, 32767n, -32768n, 65535n, 0x7fffffffn, -0x80000000n, 0xffffffffn];
    let v =
      r.int(3) === 0 ? r.pick(special) : BigInt(r.int(2 ** 31)) * BigInt(r.int(2 ** 31)) - BigInt(r.int(2 ** 30)) * 3n;
    v = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
    return v;
  };
  const vars = TYPES.map(([t, bits, signed], k) => ({ name: `v${k}`, t, init: value(bits, signed) }));
  const lit = () => {
    const [t, bits, signed] = r.pick(TYPES.filter((x) => x[1] >= 32));
    const v = value(bits, signed);
    const suffix = signed ? (bits === 64 ? 'L' : '') : bits === 64 ? 'UL' : 'U';
    // negative literals are a unary minus on a positive one, as in C
    return v < 0n ? `(${t})(-${-v}${suffix === 'L' || suffix === '' ? 'L' : suffix})` : `${v}${suffix}`;
  };
  const expr = (d: number): string => {
    if (d <= 0 || r.int(4) === 0) return r.int(3) === 0 ? lit() : r.pick(vars).name;
    const a = expr(d - 1);
    const b = expr(d - 1);
    const u = r.pick(['unsigned int', 'unsigned long']);
    switch (r.int(9)) {
      case 0:
        return `((${u})(${a}) ${r.pick(['+', '-', '*', '&', '|', '^'])} (${u})(${b}))`;
      case 1:
        return `((${a}) ${r.pick(['&', '|', '^'])} (${b}))`;
      case 2:
        return `((${u})(${a}) << ((${b}) & ${u === 'unsigned int' ? 31 : 63}))`;
      case 3:
        return `((${a}) >> ((${b}) & 31))`;
      case 4:
        return `((${a}) ${r.pick(['<', '<=', '>', '>=', '==', '!='])} (${b}))`;
      case 5:
        return `((${u})(${a}) ${r.pick(['/', '%'])} ((${u})(${b}) | 1))`;
      case 6:
        return `((${r.pick(TYPES)[0]})(${a}))`;
      case 7:
        return `((${a}) ? (${b}) : (${expr(d - 1)}))`;
      default:
        return `(${r.pick(['~', '!'])}(${a}))`;
    }
  };
  const lines = vars.map((v) => `${v.t} ${v.name} = ${v.init < 0n ? `${v.init}L` : `${v.init}UL`};`);
  for (let k = 0; k < results; k++) lines.push(`__u64 r${k};`);
  const body = Array.from({ length: results }, (_, k) => `\tr${k} = (__u64)(${expr(3)});`).join('\n');
  return `#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n\n${lines.join('\n')}\n\nSEC("xdp")\nint prog(struct xdp_md *ctx)\n{\n${body}\n\treturn XDP_PASS;\n}\n\nchar LICENSE[] SEC("license") = "GPL";\n`;
}

/** Statements: locals of every type (in registers and, address taken, on the stack), compound
 * assignment, ++/--, if/else and small loops — the narrow-type normalisation paths. */
function statements(seed: number, results: number): string {
  const r = rng(seed);
  const base = program(seed, 0).split('SEC("xdp")')[0];
  const vars = TYPES.map((_, k) => `v${k}`);
  const locals = TYPES.map(([t], k) => ({ name: `l${k}`, t, signed: TYPES[k][2] }));
  const body: string[] = [];
  for (const l of locals) body.push(`\t${l.t} ${l.name} = (${l.t})${r.pick(vars)};`);
  r.pick(locals); // (keeps the generated programs stable)
  const pointee = r.pick(locals);
  body.push(`\t${pointee.t} *p = &${pointee.name};`);
  const target = () => r.pick(locals);
  const stmt = (d: number): string => {
    const l = target();
    const rhs = `(${l.t})${r.pick([...vars, ...locals.map((x) => x.name)])}`;
    switch (r.int(d > 0 ? 7 : 5)) {
      case 0:
        return `${l.name} ${l.signed ? r.pick(['&=', '|=', '^=']) : r.pick(['+=', '-=', '*=', '&=', '|=', '^='])} ${rhs};`;
      case 1:
        return l.signed ? `${l.name} >>= (${r.pick(vars)} & 7);` : `${l.name} <<= (${r.pick(vars)} & 7);`;
      case 2:
        return l.signed ? `${l.name} = ${rhs} & 0x3f;` : `${l.name}${r.pick(['++', '--'])};`;
      case 3:
        return `*p ^= (${rhs} & 0x7f);`;
      case 4:
        return `${l.name} = (${l.t})((unsigned long)${l.name} * 3u + ${r.int(100)}u);`;
      case 5:
        return `if (${l.name} ${r.pick(['<', '>', '==', '!='])} (${l.t})${r.pick(vars)}) { ${stmt(d - 1)} } else { ${stmt(d - 1)} }`;
      default:
        return `for (int i = 0; i < ${1 + r.int(4)}; i++) { ${stmt(d - 1)} }`;
    }
  };
  for (let k = 0; k < 14; k++) body.push(`\t${stmt(2)}`);
  for (let k = 0; k < results; k++) body.push(`\tr${k} = (__u64)${locals[k % locals.length].name};`);
  const decls = Array.from({ length: results }, (_, k) => `__u64 r${k};`).join('\n');
  return `${base}${decls}\n\nSEC("xdp")\nint prog(struct xdp_md *ctx)\n{\n${body.join('\n')}\n\treturn XDP_PASS;\n}\n\nchar LICENSE[] SEC("license") = "GPL";\n`;
}

const PROGRAMS = 20;
const RESULTS = 8;
const dir = join(tmpdir(), 'lockstep-compiler', 'differential');

describeKernel('generated programs: clang + kernel == ours + kernel == ours + interpreter', () => {
  for (let n = 0; n < PROGRAMS + 12; n++) {
    const kind = n < PROGRAMS ? 'expressions' : 'statements';
    test(`${kind} ${n}`, async () => {
      const source = n < PROGRAMS ? program(1000 + n, RESULTS) : statements(2000 + n, RESULTS);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `expr-${n}.bpf.c`);
      writeFileSync(path, source);
      const names = Array.from({ length: RESULTS }, (_, k) => `r${k}`);
      const objPath = clangBuild(path);
      const clangObj = loadElf(readFileSync(objPath), path);
      const k = kernelRun(objPath, { prog: 'prog' });
      const kSections: Record<string, Uint8Array> = {};
      for (const [name, entries] of Object.entries(k.maps)) {
        if (entries[0])
          kSections[name.replace(/^.*(\.(bss|data|rodata))$/, '$1')] = Buffer.from(entries[0].value, 'hex');
      }
      const want = names.map((x) => `${x} = ${readGlobal(clangObj, kSections, x)}`);
      const ours = compile({ path, source });
      expect(ours.diagnostics).toEqual([]);
      const raw = rawKernelRun(ours.object!, 0);
      expect(raw.loaded, raw.log).toBe(true);
      expect(
        names.map((x) => `${x} = ${readGlobal(ours.object!, raw.sections, x)}`),
        source,
      ).toEqual(want);
      const sim = await run(ours.object!, 'prog', { cpus: 1, events: 1, mode: 'deterministic' });
      expect(
        names.map((x) => `${x} = ${sim.globals[x]}`),
        source,
      ).toEqual(want);
    });
  }
});
