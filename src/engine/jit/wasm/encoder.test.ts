import { describe, expect, test } from 'vitest';
import { decodeModule } from './decoder.ts';
import { Code, ModuleBuilder } from './encoder.ts';
import { BlockType, Op, ValType } from './opcodes.ts';

const { i32, i64 } = ValType;

function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
}

async function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports) {
  const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(module, imports);
  return instance.exports as Record<string, (...args: unknown[]) => unknown>;
}

describe('wasm encoder', () => {
  test('an add function instantiates and runs', async () => {
    const mb = new ModuleBuilder();
    const f = mb.addFunction(
      { params: [i64, i64], results: [i64] },
      [],
      new Code().localGet(0).localGet(1).op(Op.i64_add),
    );
    mb.export('add', 'func', f);
    const ex = await instantiate(mb.encode(), {});
    expect(ex.add(2n, 40n)).toBe(42n);
    expect(ex.add(0xffffffffffffffffn, 1n)).toBe(0n);
  });

  test('imports a shared memory and a function; atomics and loads with offsets', async () => {
    const mb = new ModuleBuilder();
    const log: bigint[] = [];
    const hook = mb.importFunction('env', 'hook', { params: [i32, i64], results: [i64] });
    mb.importMemory({ module: 'env', name: 'memory', min: 1, max: 4, shared: true });
    // rmw(addr i32, v i64) -> old: fetch-add 64, then or, xchg and cmpxchg on the 32-bit word at 16.
    const body = new Code()
      .localGet(0)
      .localGet(1)
      .atomicRmw('add', 'i64', 8)
      .localGet(0)
      .localGet(1)
      .atomicRmw('or', 'i64_32u', 16)
      .op(Op.i64_add)
      .localGet(0)
      .localGet(1)
      .atomicRmw('xor', 'i64_32u', 16)
      .op(Op.drop)
      .localGet(0)
      .i64Const(0n)
      .localGet(1)
      .atomicRmw('cmpxchg', 'i64_32u', 20)
      .op(Op.i64_add)
      .localGet(0)
      .i64Const(7n)
      .atomicRmw('xchg', 'i64', 24)
      .op(Op.drop);
    const rmw = mb.addFunction({ params: [i32, i64], results: [i64] }, [], body);
    const load = mb.addFunction(
      { params: [i32], results: [i64] },
      [],
      new Code().localGet(0).mem(Op.i64_load32_s, 2, 4).localGet(0).atomic(0x11, 3, 24).op(Op.i64_add),
    );
    const callHook = mb.addFunction(
      { params: [i64], results: [i64] },
      [],
      new Code().i32Const(5).localGet(0).call(hook),
    );
    mb.export('rmw', 'func', rmw);
    mb.export('load', 'func', load);
    mb.export('callHook', 'func', callHook);
    const memory = sharedMemory();
    const ex = await instantiate(mb.encode(), {
      env: {
        memory,
        hook: (id: number, v: bigint) => {
          log.push(BigInt(id), v);
          return v * 2n;
        },
      },
    });
    const view = new DataView(memory.buffer);
    view.setBigUint64(8, 10n, true);
    view.setUint32(16, 0x10, true);
    expect(ex.rmw(0, 3n)).toBe(10n + 0x10n + 0n);
    expect(view.getBigUint64(8, true)).toBe(13n);
    expect(view.getUint32(16, true)).toBe(0x10); // (0x10 | 3) ^ 3
    expect(view.getUint32(20, true)).toBe(3); // cmpxchg 0 → 3 succeeded
    view.setInt32(4, -5, true);
    expect(ex.load(0)).toBe(-5n + 7n);
    expect(ex.callHook(21n)).toBe(42n);
    expect(log).toEqual([5n, 21n]);
    const m = decodeModule(mb.encode());
    expect(m.imports[0]).toEqual({ module: 'env', name: 'memory', kind: 'memory', min: 1, max: 4, shared: true });
    expect(m.imports[1]).toMatchObject({ kind: 'func', name: 'hook' });
  });

  test('control flow: loop, br_if, br_table and if/else', async () => {
    const mb = new ModuleBuilder();
    // sum(n) = 0 + 1 + ... + n-1, by a loop with a counter local.
    const sum = new Code()
      .block(BlockType.empty)
      .loop(BlockType.empty)
      .localGet(0)
      .op(Op.i32_eqz)
      .brIf(1)
      .localGet(0)
      .i32Const(1)
      .op(Op.i32_sub)
      .localTee(0)
      .op(Op.i64_extend_i32_u)
      .localGet(1)
      .op(Op.i64_add)
      .localSet(1)
      .br(0)
      .end()
      .end()
      .localGet(1);
    const fSum = mb.addFunction({ params: [i32], results: [i64] }, [{ count: 1, type: i64 }], sum);
    // pick(k) = 10, 20, 30 for k = 0, 1, 2; 99 otherwise; then +1 if odd (if/else).
    const pick = new Code()
      .block(BlockType.empty)
      .block(BlockType.empty)
      .block(BlockType.empty)
      .block(BlockType.empty)
      .localGet(0)
      .brTable([0, 1, 2], 3)
      .end()
      .i32Const(10)
      .localSet(1)
      .br(2)
      .end()
      .i32Const(20)
      .localSet(1)
      .br(1)
      .end()
      .i32Const(30)
      .localSet(1)
      .br(0)
      .end()
      .localGet(1)
      .i32Const(99)
      .localGet(1)
      .select()
      .localGet(0)
      .i32Const(1)
      .op(Op.i32_and)
      .if(BlockType.i32)
      .i32Const(1)
      .else()
      .i32Const(0)
      .end()
      .op(Op.i32_add);
    const fPick = mb.addFunction({ params: [i32], results: [i32] }, [{ count: 1, type: i32 }], pick);
    mb.export('sum', 'func', fSum);
    mb.export('pick', 'func', fPick);
    const ex = await instantiate(mb.encode(), {});
    expect(ex.sum(0)).toBe(0n);
    expect(ex.sum(100)).toBe(4950n);
    expect([0, 1, 2, 3, 7].map((k) => ex.pick(k))).toEqual([10, 21, 30, 100, 100]);
  });

  test('wait and notify on the shared memory', async () => {
    const mb = new ModuleBuilder();
    mb.importMemory({ module: 'env', name: 'memory', min: 1, max: 1, shared: true });
    const wait = mb.addFunction(
      { params: [i32, i32], results: [i32] },
      [],
      new Code().localGet(0).localGet(1).i64Const(1000n).atomic(0x01, 2, 0),
    );
    const notify = mb.addFunction(
      { params: [i32], results: [i32] },
      [],
      new Code().localGet(0).i32Const(1).atomic(0x00, 2, 0),
    );
    mb.export('wait', 'func', wait);
    mb.export('notify', 'func', notify);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const ex = await instantiate(mb.encode(), { env: { memory } });
    new Int32Array(memory.buffer)[1] = 5;
    expect(ex.wait(4, 6)).toBe(1); // "not-equal"
    expect(ex.wait(4, 5)).toBe(2); // "timed-out" after 1 µs
    expect(ex.notify(4)).toBe(0); // nobody waiting
  });

  test('globals, exports and the decoder round trip', () => {
    const mb = new ModuleBuilder();
    mb.importMemory({ module: 'env', name: 'memory', min: 2, max: 65536, shared: true });
    const g = mb.addGlobal(i64, true, -2n);
    const f = mb.addFunction({ params: [], results: [i64] }, [{ count: 11, type: i64 }], new Code().globalGet(g));
    mb.export('get', 'func', f);
    const bytes = mb.encode();
    const m = decodeModule(bytes);
    expect(m.types).toEqual([{ params: [], results: [i64] }]);
    expect(m.imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory', min: 2, max: 65536, shared: true }]);
    expect(m.functions).toEqual([0]);
    expect(m.globals).toEqual([{ type: i64, mutable: true, init: [Op.i64_const, 0x7e] }]);
    expect(m.exports).toEqual([{ name: 'get', kind: 0, index: 0 }]);
    expect(m.code[0].locals).toEqual([{ count: 11, type: i64 }]);
    expect([...m.code[0].body]).toEqual([Op.global_get, 0, Op.end]);
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
    // Leftover bytes and truncation are rejected.
    expect(() => decodeModule(Uint8Array.from([...bytes, 0x00]))).toThrow(/truncated|unexpected end/);
    expect(() => decodeModule(bytes.subarray(0, bytes.length - 2))).toThrow(/overruns/);
    expect(() => decodeModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow(/bad wasm header/);
  });

  test('a shared memory import needs a maximum', () => {
    expect(() => new ModuleBuilder().importMemory({ module: 'env', name: 'm', min: 1, shared: true })).toThrow(
      /maximum/,
    );
  });
});
