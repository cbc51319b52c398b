import { describe, expect, test } from 'vitest';
import {
  attachEngineMemory,
  CTX_SIZE,
  createEngineMemory,
  FRAME_SIZE,
  HEADER_BYTES,
  LOG_SIZE,
  lockAcquire,
  lockRelease,
  lockTry,
  logDrain,
  logWrite,
  MAX_FRAMES,
  PACKET_SIZE,
  WASM_PAGE,
} from './index.ts';

describe('engine memory', () => {
  test('is one shared WebAssembly.Memory with a self-describing header', () => {
    const mem = createEngineMemory({ cpus: 3, seed: 5n });
    expect(mem.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const other = attachEngineMemory(mem.memory);
    expect(other.cpus).toBe(3);
    expect(other.layout).toEqual(mem.layout);
    expect(other.seed).toBe(5n);
    expect(() => attachEngineMemory(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }))).toThrow(
      /bad header/,
    );
  });

  test('areas do not overlap and stay above the NULL guard', () => {
    const mem = createEngineMemory({ cpus: 4 });
    const spans: [string, number, number][] = [];
    for (let c = 0; c < 4; c++) {
      spans.push([`stack${c}`, mem.stackBottom(c), mem.stackTop(c)]);
      spans.push([`ctx${c}`, mem.ctxAddr(c), mem.ctxAddr(c) + CTX_SIZE]);
      spans.push([`pkt${c}`, mem.packetAddr(c), mem.packetAddr(c) + PACKET_SIZE]);
      spans.push([`rng${c}`, mem.rngAddr(c), mem.rngAddr(c) + 16]);
    }
    spans.push(['log', mem.layout.log, mem.layout.log + LOG_SIZE]);
    spans.push(['heap', mem.layout.heap, mem.layout.heap + 1]);
    spans.sort((a, b) => a[1] - b[1]);
    expect(spans[0][1]).toBeGreaterThanOrEqual(HEADER_BYTES);
    for (let i = 1; i < spans.length; i++) expect(spans[i][1], spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][2]);
    expect(mem.stackTop(0) - mem.stackBottom(0)).toBe(FRAME_SIZE * MAX_FRAMES);
    expect(mem.layout.heap % WASM_PAGE).toBe(0);
  });

  test('alloc bumps, aligns, zeroes and grows; other agents see the growth', () => {
    const mem = createEngineMemory({ cpus: 1, heapBytes: 0, maxBytes: 8 * WASM_PAGE });
    const other = attachEngineMemory(mem.memory);
    const a = mem.alloc(10, 64);
    const b = mem.alloc(8);
    expect(a % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 10);
    const before = mem.u8.length;
    const big = mem.alloc(3 * WASM_PAGE);
    expect(mem.u8.length).toBeGreaterThan(before);
    expect(mem.u8[big + 3 * WASM_PAGE - 1]).toBe(0);
    other.ensure(big + 3 * WASM_PAGE);
    expect(other.u8.length).toBe(mem.u8.length);
    expect(mem.heapRegion()).toEqual([mem.layout.heap, big + 3 * WASM_PAGE]);
    expect(() => mem.alloc(16 * WASM_PAGE)).toThrow(/exhausted/);
    expect(() => createEngineMemory({ cpus: 0 })).toThrow(/cpus/);
  });

  test('lock words: try, acquire, release', () => {
    const i32 = createEngineMemory({ cpus: 1 }).i32;
    const w = HEADER_BYTES >> 2;
    expect(lockTry(i32, w)).toBe(true);
    expect(lockTry(i32, w)).toBe(false);
    lockRelease(i32, w);
    lockAcquire(i32, w);
    expect(lockTry(i32, w)).toBe(false);
    lockRelease(i32, w);
    expect(i32[w]).toBe(0);
  });

  test('log ring: records in order across wrap-around, drops counted when full', () => {
    const mem = createEngineMemory({ cpus: 2 });
    const line = new Uint8Array(1000).fill(65);
    const got: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 50; i++) logWrite(mem, i % 2, line);
      const { records, dropped } = logDrain(mem);
      expect(dropped).toBe(0);
      got.push(...records.map((r) => `${r.cpu}:${r.text.length}`));
    }
    expect(got.length).toBe(250);
    expect(got[1]).toBe('1:1000');
    for (let i = 0; i < 70; i++) logWrite(mem, 0, line);
    const { records, dropped } = logDrain(mem);
    expect(records.length).toBe(65);
    expect(dropped).toBe(5);
  });
});
