/** Code shapes the kernel's verifier depends on, and LLVM's -mcpu=v3 lowering of the builtins. */
import { describe, expect, test } from 'vitest';
import { disasmLlvm } from '../isa/index.ts';
import type { BpfProgram } from '../object.ts';
import { compile } from './index.ts';

const HEAD = '#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n';
const MAP =
  'struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } m SEC(".maps");\n';

function prog(src: string): BpfProgram {
  const r = compile({ path: 'a.c', source: HEAD + src });
  expect(r.diagnostics).toEqual([]);
  return r.object!.programs[0];
}
const asm = (p: BpfProgram) => p.insns.map((_, k) => disasmLlvm(p.insns, k, { alu32: true })).filter((s) => s !== '');

describe('lowering', () => {
  test('a lookup result is NULL-checked on r0 right after the call, as clang does', () => {
    const t = asm(
      prog(
        `${MAP}__u64 out;\nSEC("xdp") int f(void *c) { __u32 k = 1; __u64 *v = bpf_map_lookup_elem(&m, &k); if (!v) return 0; out = *v; return 2; }`,
      ),
    );
    const call = t.indexOf('call 1');
    expect(t[call + 1]).toMatch(/^r[6-9] = r0$/);
    expect(t[call + 2]).toMatch(/^if r0 [!=]= 0 goto/);
    // the map pointer goes straight into r1 (no arithmetic on it), the key is a stack address
    expect(t[call - 3]).toMatch(/^ld_pseudo\tr1, 1, 0$|^r1 = 0 ll$/);
    expect(t.slice(call - 2, call)).toEqual(['r2 = r10', expect.stringMatching(/^r2 \+= -\d+$/)]);
  });

  test('registers in verifier messages match clang: unchecked lookups use r0, the context r1', () => {
    const t = asm(
      prog(
        `${MAP}SEC("xdp") int f(void *c) { __u32 k = 1; __u64 *v = bpf_map_lookup_elem(&m, &k); *v += 1; return 2; }`,
      ),
    );
    expect(t[t.indexOf('call 1') + 1]).toBe('r1 = *(u64 *)(r0 + 0)');
    const a = asm(prog('SEC("xdp") int f(struct xdp_md *ctx) { __sync_fetch_and_add(&ctx->data, 1); return 2; }'));
    expect(a).toContain('lock *(u32 *)(r1 + 0) += w2');
  });

  test('loop counters live in callee-saved registers; stack slots are 8-byte aligned', () => {
    const p = prog(
      `__u64 s;\nSEC("xdp") int f(void *c) { __u64 a[3] = {1, 2, 3}; for (int i = 0; i < 3; i++) s += a[i]; return 2; }`,
    );
    const t = asm(p);
    expect(t).toContain('w6 += 1');
    for (const i of p.insns)
      if (i.src === 10 && (i.code & 7) === 1) expect(Math.abs(i.off % 8), JSON.stringify(i)).toBe(0);
    for (const i of p.insns)
      if (i.dst === 10 && (i.code & 7) >= 2 && (i.code & 7) <= 3) expect(Math.abs(i.off % 8)).toBe(0);
  });

  test('context fields are read at a constant offset from the context register', () => {
    const t = asm(prog('__u64 n;\nSEC("xdp") int f(struct xdp_md *ctx) { n = ctx->data_end - ctx->data; return 2; }'));
    expect(t.slice(0, 2)).toEqual(['w2 = *(u32 *)(r1 + 4)', 'w3 = *(u32 *)(r1 + 0)']);
    expect(t.some((s) => /^r1 [+-]=/.test(s))).toBe(false);
  });

  test('__sync builtins as clang -mcpu=v3 emits them', () => {
    const t = asm(
      prog(
        '__u64 g; __u32 w; __u64 o;\nSEC("xdp") int f(void *c) { o = __sync_fetch_and_sub(&g, 3); __sync_fetch_and_or(&w, 2); o += __sync_fetch_and_xor(&w, 1); o += __sync_val_compare_and_swap(&g, 1, 2); o += __sync_lock_test_and_set(&w, 9); return 2; }',
      ),
    );
    const has = (re: RegExp) =>
      expect(
        t.some((x) => re.test(x)),
        String(re),
      ).toBe(true);
    has(/^r(\d) = -r\1$/);
    has(/^r(\d) = atomic_fetch_add\(\(u64 \*\)\(r\d \+ 0\), r\1\)$/);
    has(/^lock \*\(u32 \*\)\(r\d \+ 0\) \|= w\d$/);
    has(/^w(\d) = atomic_fetch_xor\(\(u32 \*\)\(r\d \+ 0\), w\1\)$/);
    has(/^w(\d) = xchg32_32\(r\d \+ 0, w\1\)$/);
    const cas = t.findIndex((x) => /^r0 = cmpxchg_64\(r\d \+ 0, r0, r\d\)$/.test(x));
    expect(cas).toBeGreaterThan(0);
    expect(t[cas - 1]).toMatch(/^r0 = r\d$/);
  });

  test('noinline functions become BPF-to-BPF calls, appended after the program', () => {
    const p = prog(
      'static __noinline int add(int a, int b) { return a + b; }\nint r;\nSEC("xdp") int f(void *c) { r = add(r, 2); return 2; }',
    );
    expect(p.funcs).toEqual([
      { name: 'f', start: 0 },
      { name: 'add', start: expect.any(Number) },
    ]);
    const call = p.insns.findIndex((i) => i.code === 0x85 && i.src === 1);
    expect(call + p.insns[call].imm + 1).toBe(p.funcs[1].start);
  });

  test('every slot has a source position except the second half of lddw; no unreachable code', () => {
    const p = prog(
      '__u64 g;\nstatic __always_inline int pick(int v) { if (v > 3) return 1; else return 2; }\nSEC("xdp") int f(void *c) {\n  g = pick(g);\n  return 2;\n}',
    );
    p.insns.forEach((_, k) => {
      const filler = k > 0 && p.insns[k - 1].code === 0x18;
      expect(p.lines[k] === null, `slot ${k}`).toBe(filler);
    });
    expect(p.lines.some((l) => l?.line === 6)).toBe(true);
    const t = asm(p);
    for (let k = 0; k + 1 < t.length; k++)
      if (t[k] === 'exit' || t[k].startsWith('goto')) expect(t[k + 1].startsWith('goto')).toBe(false);
  });

  test('locals of finished scopes share stack bytes (seven inlined 96-byte structs fit in 512)', () => {
    const p = prog(
      'struct ev { __u64 a[12]; };\n__u64 out;\nstatic __always_inline void put(__u64 v) { struct ev e = {}; e.a[3] = v; out += e.a[3]; }\nSEC("xdp") int f(void *c) { put(1); put(2); put(3); put(4); put(5); put(6); put(7); return 2; }',
    );
    const deepest = Math.min(...p.insns.filter((i) => i.dst === 10 || i.src === 10).map((i) => i.off));
    expect(deepest).toBeGreaterThanOrEqual(-128);
  });

  test('the 512-byte stack limit is a compile error, as in clang', () => {
    const r = compile({
      path: 'a.c',
      source: `${HEAD}SEC("xdp") int f(void *c) { char big[600]; big[0] = 1; return big[0]; }`,
    });
    expect(r.diagnostics[0].message).toMatch(/^Looks like the BPF stack limit of 512 bytes is exceeded/);
  });
});

describe('string literals', () => {
  test('a literal used as a value is a .rodata object addressed by a map-value lddw', () => {
    const r = compile({
      path: 'a.c',
      source: `${HEAD}__u64 n;\nSEC("xdp") int f(void *c) { n = bpf_trace_printk("hi %d\\n", 7, 5); return 2; }`,
    });
    expect(r.diagnostics).toEqual([]);
    const ro = r.object!.maps.find((m) => m.kind === 'rodata')!;
    expect([...ro.initial!.slice(0, 7)]).toEqual([...Buffer.from('hi %d\n\0', 'latin1')]);
    const first = r.object!.programs[0].insns[0];
    expect(first).toMatchObject({ code: 0x18, src: 2, dst: 1, imm: r.object!.maps.indexOf(ro) });
  });
});
