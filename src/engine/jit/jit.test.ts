import { describe, expect, test } from 'vitest';
import { insn, lddw } from '../isa/codec.ts';
import type { Insn } from '../isa/insn.ts';
import { compileJit, instantiateJit, type JitEnv, JitError, JitRunError, translate } from './index.ts';
import { decodeModule } from './wasm/decoder.ts';

const PAGES = { min: 2, max: 2 };
const STACK = 0x8000;

function setup(insns: Insn[], env: Partial<JitEnv> = {}, helper = (..._a: unknown[]) => 0n) {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
  const compiled = compileJit({ insns, funcs: [] }, { maps: [], memoryPages: PAGES, ...env });
  const inst = instantiateJit(compiled, memory, helper as never);
  return { memory, inst, view: new DataView(memory.buffer) };
}

const exit = insn(0x95);
const mov64 = (d: number, imm: number) => insn(0xb7, d, 0, 0, imm);

describe('JIT', () => {
  test('an endless loop stops at the instruction budget', () => {
    const { inst } = setup([mov64(0, 0), insn(0x07, 0, 0, 0, 1), insn(0x05, 0, 0, -2), exit]);
    inst.budget = 10_000;
    let err: unknown;
    try {
      inst.run(0, STACK);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JitRunError);
    expect((err as JitRunError).code).toBe('budget');
    expect((err as JitRunError).pc).toBe(2);
  });

  test('a bounded loop within the budget runs; budget counts instructions', () => {
    // r0 = 0; r1 = 100; loop: r0 += r1; r1 -= 1; if r1 != 0 goto loop; exit
    const prog = [mov64(0, 0), mov64(1, 100), insn(0x0f, 0, 1), insn(0x17, 1, 0, 0, 1), insn(0x55, 1, 0, -3, 0), exit];
    const { inst } = setup(prog);
    inst.budget = 2 + 3 * 100 + 1;
    expect(inst.run(0, STACK)).toBe(5050n);
    inst.budget = 2 + 3 * 50;
    expect(() => inst.run(0, STACK)).toThrow(/budget/);
  });

  test('an access outside the memory is a fault, not a crash', () => {
    const { inst } = setup([...lddw(1, 0x7fff0000n), insn(0x79, 0, 1, 0), exit]);
    expect(() => inst.run(0, STACK)).toThrow(JitRunError);
    expect(() => inst.run(0, STACK)).toThrow(/out of bounds/);
  });

  test('falling off the end is reported', () => {
    const { inst } = setup([mov64(0, 1)]);
    expect(() => inst.run(0, STACK)).toThrow(/fell off/);
  });

  test('recursion deeper than 8 frames is a call-depth fault, like the interpreter', () => {
    // f: call f (forever)
    const { inst } = setup([insn(0x85, 0, 1, 0, -1), exit]);
    let err: unknown;
    try {
      inst.run(0, STACK);
    } catch (e) {
      err = e;
    }
    expect((err as JitRunError).code).toBe('call-depth');
    // eight frames are fine: main calls f1 … f7, each one level deeper
    const chain: Insn[] = [];
    for (let f = 0; f < 7; f++) chain.push(insn(0x85, 0, 1, 0, 1), exit);
    chain.push(mov64(0, 42), exit);
    const { inst: ok } = setup(chain);
    expect(ok.run(0, STACK)).toBe(42n);
  });

  test('invalid programs are rejected at compile time with the slot index', () => {
    expect(() =>
      translate({ insns: [insn(0x05, 0, 0, 5), exit], funcs: [] }, { maps: [], memoryPages: PAGES }),
    ).toThrow(JitError);
    expect(() => translate({ insns: [insn(0xb7, 11), exit], funcs: [] }, { maps: [], memoryPages: PAGES })).toThrow(
      /invalid register r11 \(insn 0\)/,
    );
    expect(() =>
      translate({ insns: [insn(0xdb, 1, 2, 0, 0x02), exit], funcs: [] }, { maps: [], memoryPages: PAGES }),
    ).toThrow(/unsupported atomic/);
  });

  test('helpers: generic import, inlined smp_processor_id, inlined array lookup', () => {
    // r6 = cpu; r1 = map; r2 = fp-4; *(u32*)(fp-4) = 3; r0 = lookup; r0 = *(u64*)r0 ... + r6*1000 + helper 7(r1=r6)
    const prog = [
      insn(0x85, 0, 0, 0, 8),
      insn(0xbf, 6, 0),
      insn(0x62, 10, 0, -4, 3),
      insn(0xbf, 2, 10),
      insn(0x07, 2, 0, 0, -4),
      ...lddw(1, 0n, 1),
      insn(0x85, 0, 0, 0, 1),
      insn(0x79, 7, 0, 0),
      insn(0xbf, 1, 6),
      insn(0x85, 0, 0, 0, 7),
      insn(0x0f, 0, 7),
      exit,
    ];
    const calls: bigint[][] = [];
    const helper = (id: number, ...r: bigint[]) => {
      calls.push([BigInt(id), r[0]]);
      return 1000n;
    };
    const env: Partial<JitEnv> = {
      maps: [{ handle: 0xabcn, valueAddr: -1, array: { base: 0x4000, keyStride: 8, cpuStride: 0x100, maxEntries: 4 } }],
    };
    const { inst, view } = setup(prog, env, helper as never);
    view.setBigUint64(0x4000 + 3 * 8 + 0x100, 55n, true);
    inst.cpu = 1;
    expect(inst.run(0, STACK)).toBe(1055n);
    expect(calls).toEqual([[7n, 1n]]);
    // Not inlined: the generic import sees the map handle.
    const { inst: slow } = setup(prog, { ...env, inlineHelpers: false }, ((id: number, r1: bigint) => {
      calls.push([BigInt(id), r1]);
      return id === 1 ? BigInt(STACK - 64) : 0n;
    }) as never);
    slow.run(0, STACK);
    expect(calls.slice(1).map((c) => c[0])).toEqual([8n, 1n, 7n]);
    expect(calls[2][1]).toBe(0xabcn);
  });

  test('get_current_pid_tgid inlined as the synthetic process of each CPU', () => {
    const prog = [insn(0x85, 0, 0, 0, 14), exit];
    const { inst } = setup(prog, { pidTgid: { tgid: 4242, pidBase: 4242 } });
    inst.cpu = 3;
    expect(inst.run(0, STACK)).toBe((4242n << 32n) | 4245n);
    const { inst: called } = setup(prog, {}, () => 7n);
    expect(called.run(0, STACK)).toBe(7n);
  });

  test('inlined array lookup returns NULL for an out-of-range key', () => {
    const prog = [
      insn(0x62, 10, 0, -4, 4),
      insn(0xbf, 2, 10),
      insn(0x07, 2, 0, 0, -4),
      ...lddw(1, 0n, 1),
      insn(0x85, 0, 0, 0, 1),
      exit,
    ];
    const { inst } = setup(prog, {
      maps: [{ handle: 1n, valueAddr: -1, array: { base: 0x4000, keyStride: 8, cpuStride: 0, maxEntries: 4 } }],
    });
    expect(inst.run(0, STACK)).toBe(0n);
  });

  test('spin lock and unlock: the lock word is taken and released; globals via map values', () => {
    const prog = [
      ...lddw(6, 8n << 32n, 2), // r6 = &value + 8 of map 0
      insn(0xbf, 1, 6),
      insn(0x85, 0, 0, 0, 93),
      insn(0x61, 7, 6, 0), // r7 = lock word while held
      insn(0x79, 8, 6, 8),
      insn(0x07, 8, 0, 0, 1),
      insn(0x7b, 6, 8, 8),
      insn(0xbf, 1, 6),
      insn(0x85, 0, 0, 0, 94),
      insn(0xbf, 0, 7),
      exit,
    ];
    const { inst, view } = setup(prog, { maps: [{ handle: 1n, valueAddr: 0x5000 }] });
    expect(inst.run(0, STACK)).toBe(1n);
    expect(inst.run(0, STACK)).toBe(1n);
    expect(view.getUint32(0x5008, true)).toBe(0);
    expect(view.getBigUint64(0x5010, true)).toBe(2n);
  });

  test('runMany copies a fresh context before each invocation', () => {
    // ctx->x += 1; global += ctx->x ; the context starts at 5 every time.
    const prog = [
      insn(0x79, 2, 1, 0),
      insn(0x07, 2, 0, 0, 1),
      insn(0x7b, 1, 2, 0),
      ...lddw(3, 0n, 2),
      insn(0xdb, 3, 2, 0, 0x00),
      mov64(0, 0),
      exit,
    ];
    const { inst, view } = setup(prog, { maps: [{ handle: 1n, valueAddr: 0x6000 }] });
    view.setBigUint64(0x7000, 5n, true);
    inst.runMany(1000, 0x7100, 0x7000, 8, STACK);
    expect(view.getBigUint64(0x6000, true)).toBe(6000n);
    expect(inst.lastReturn).toBe(0n);
    // With an invocation counter: bumped before and after each invocation.
    inst.runMany(10, 0x7100, 0x7000, 8, STACK, 0x7200);
    expect(view.getUint32(0x7200, true)).toBe(20);
    expect(view.getBigUint64(0x6000, true)).toBe(6060n);
  });

  test('BPF-to-BPF calls get their own frame and keep the caller’s R6–R9', () => {
    // main: r6 = 7; *(u64*)(fp-8) = 1; call f; r0 += r6; r0 += *(fp-8); exit
    // f:    *(u64*)(fp-8) = 100; r6 = 0; r0 = 10; exit
    const prog = [
      mov64(6, 7),
      insn(0x7a, 10, 0, -8, 1),
      insn(0x85, 0, 1, 0, 4),
      insn(0x0f, 0, 6),
      insn(0x79, 1, 10, -8),
      insn(0x0f, 0, 1),
      exit,
      insn(0x7a, 10, 0, -8, 100),
      mov64(6, 0),
      mov64(0, 10),
      exit,
    ];
    const { inst, view } = setup(prog);
    expect(inst.run(0, STACK)).toBe(18n);
    expect(view.getBigUint64(STACK - 512 - 8, true)).toBe(100n);
    const m = decodeModule(translate({ insns: prog, funcs: [] }, { maps: [], memoryPages: PAGES }).bytes);
    expect(m.functions.length).toBe(2 + 2); // two BPF functions + run1 + runMany
  });
});
