import { describe, expect, test } from 'vitest';
import { BPF_NOEXIST, EEXIST, setupMaps } from '../maps/index.ts';
import { object, put, readU64, standardMaps } from '../maps/testdata/objects.ts';
import { EngineFault, logDrain } from '../memory/index.ts';
import {
  callHelper,
  createHelperFn,
  formatPrintk,
  HELPER_WOULD_BLOCK,
  HELPERS,
  HelperId,
  helperById,
  helperByName,
  helperEnv,
} from './index.ts';

const setup = (cpus = 2, seed = 1) => setupMaps(object(standardMaps), { cpus, seed });
const call = (id: number, env: ReturnType<typeof helperEnv>, ...r: bigint[]) =>
  callHelper(id, r[0] ?? 0n, r[1] ?? 0n, r[2] ?? 0n, r[3] ?? 0n, r[4] ?? 0n, env);

describe('helper table', () => {
  test('kernel ids, unique names, prototypes that name the helper', () => {
    expect(Object.fromEntries(HELPERS.map((h) => [h.name, h.id]))).toEqual({
      bpf_map_lookup_elem: 1,
      bpf_map_update_elem: 2,
      bpf_map_delete_elem: 3,
      bpf_ktime_get_ns: 5,
      bpf_trace_printk: 6,
      bpf_get_prandom_u32: 7,
      bpf_get_smp_processor_id: 8,
      bpf_get_current_pid_tgid: 14,
      bpf_spin_lock: 93,
      bpf_spin_unlock: 94,
    });
    for (const h of HELPERS) {
      expect(h.proto).toContain(`${h.name}(`);
      expect(h.doc.length).toBeGreaterThan(10);
      expect(helperById(h.id)).toBe(h);
    }
    expect(helperByName('map_lookup_elem')?.id).toBe(1);
    expect(helperById(HelperId.spin_lock)?.args).toEqual(['ptr_to_spin_lock']);
  });
});

describe('map helpers', () => {
  test('lookup/update/delete through registers, errors as negative r0', () => {
    const maps = setup();
    const env = helperEnv(maps, 1);
    const h = BigInt(maps.mapAddr('h'));
    const k = BigInt(put(maps.mem, 1, 0, 42, 4));
    const v = BigInt(put(maps.mem, 1, 1, 99n));
    expect(call(1, env, h, k)).toBe(0n);
    expect(call(2, env, h, k, v, 0n)).toBe(0n);
    expect(call(2, env, h, k, v, BigInt(BPF_NOEXIST))).toBe(BigInt(-EEXIST));
    expect(call(2, env, h, k, v, 1n << 32n)).toBe(-22n);
    const p = call(1, env, h, k);
    expect(readU64(maps.mem, Number(p))).toBe(99n);
    expect(call(3, env, h, k)).toBe(0n);
    expect(call(3, env, h, k)).toBe(-2n);
  });

  test('per-CPU lookups give each CPU its own copy', () => {
    const maps = setup();
    const pa = BigInt(maps.mapAddr('pa'));
    const p0 = call(1, helperEnv(maps, 0), pa, BigInt(put(maps.mem, 0, 0, 0, 4)));
    const p1 = call(1, helperEnv(maps, 1), pa, BigInt(put(maps.mem, 1, 0, 0, 4)));
    expect(p0).not.toBe(p1);
    maps.mem.dv.setUint32(Number(p1), 5, true);
    expect(maps.lookupValue('pa', 0n).value).toEqual([0n, 5n]);
  });

  test('bad pointers fault instead of touching memory', () => {
    const maps = setup();
    const env = helperEnv(maps, 0);
    expect(() => call(1, env, 0n, 0n)).toThrow(EngineFault);
    expect(() => call(1, env, BigInt(maps.mapAddr('h')), 8n)).toThrow(/invalid address/);
    expect(() => call(1, env, BigInt(maps.mem.stackTop(0)), BigInt(maps.mem.stackBottom(0)))).toThrow(/not hold a map/);
    expect(() => call(999, env)).toThrow(/unknown helper/);
  });
});

describe('spin locks', () => {
  test('blocking mode takes and releases; deterministic mode returns WOULD_BLOCK while held', () => {
    const maps = setup();
    const lockAddr = BigInt(maps.lookup(maps.mapAddr('larr'), put(maps.mem, 0, 0, 0, 4), 0));
    const cpu0 = helperEnv(maps, 0, { blocking: false });
    const cpu1 = helperEnv(maps, 1, { blocking: false });
    expect(call(93, cpu0, lockAddr)).toBe(0n);
    expect(call(93, cpu1, lockAddr)).toBe(HELPER_WOULD_BLOCK);
    expect(call(93, cpu1, lockAddr)).toBe(HELPER_WOULD_BLOCK);
    expect(call(94, cpu0, lockAddr)).toBe(0n);
    expect(call(93, cpu1, lockAddr)).toBe(0n);
    expect(call(94, cpu1, lockAddr)).toBe(0n);
    const blocking = helperEnv(maps, 0);
    expect(call(93, blocking, lockAddr)).toBe(0n);
    expect(call(94, blocking, lockAddr)).toBe(0n);
    expect(maps.mem.i32[Number(lockAddr) >> 2]).toBe(0);
    expect(() => call(93, blocking, lockAddr + 2n)).toThrow(/misaligned/);
  });
});

describe('scalar helpers', () => {
  test('cpu id, pid/tgid, clock from the env', () => {
    const maps = setup();
    const env = helperEnv(maps, 1, { clock: () => 123n, pidTgid: () => (7n << 32n) | 8n });
    expect(call(8, env)).toBe(1n);
    expect(call(5, env)).toBe(123n);
    expect(call(14, env)).toBe((7n << 32n) | 8n);
    const real = helperEnv(maps, 0);
    const t1 = call(5, real);
    const t2 = call(5, real);
    expect(t2 >= t1).toBe(true);
  });

  test('get_prandom_u32: same seed → same sequence per CPU; CPUs and seeds differ', () => {
    const seq = (seed: number, cpu: number) => {
      const maps = setup(2, seed);
      const env = helperEnv(maps, cpu);
      return Array.from({ length: 8 }, () => call(7, env));
    };
    expect(seq(1, 0)).toEqual(seq(1, 0));
    expect(seq(1, 0)).not.toEqual(seq(1, 1));
    expect(seq(1, 0)).not.toEqual(seq(2, 0));
    for (const x of seq(3, 1)) expect(x >= 0n && x < 1n << 32n).toBe(true);
    expect(new Set(seq(4, 0)).size).toBe(8);
  });
});

describe('bpf_trace_printk', () => {
  const cases: [string, bigint[], string][] = [
    ['count=%d\n', [-3n], 'count=-3\n'],
    ['%u %x %lx', [0xffffffffn, 255n, 0xdeadbeef12n], '4294967295 ff deadbeef12'],
    ['%llu', [0xffffffffffffffffn], '18446744073709551615'],
    ['%ld', [0xffffffffffffffffn], '-1'],
    ['[%5d|%-3u|%03d]', [42n, 7n, 5n], '[   42|7  |005]'],
    ['%c%c 100%%', [104n, 105n], 'hi 100%'],
  ];
  test.each(cases)('format %j', (fmt, args, want) => {
    expect(formatPrintk(fmt, args, () => null)).toEqual({ err: 0, text: want });
  });
  test('more than three arguments or a bad conversion is -EINVAL', () => {
    expect(formatPrintk('%d %d %d %d', [1n, 2n, 3n, 4n], () => null).err).toBe(-22);
    expect(formatPrintk('%q', [1n], () => null).err).toBe(-22);
  });

  test('writes to the shared log ring with the CPU; %s reads memory; fmt must be NUL-terminated', () => {
    const maps = setup();
    const mem = maps.mem;
    const fmt = new TextEncoder().encode('cpu %d says %s\n\0');
    const fmtAddr = put(mem, 1, 0, fmt);
    const strAddr = put(mem, 1, 1, new TextEncoder().encode('hello\0'));
    const env = helperEnv(maps, 1);
    const n = call(6, env, BigInt(fmtAddr), BigInt(fmt.length), 1n, BigInt(strAddr));
    expect(n).toBe(BigInt('cpu 1 says hello\n'.length));
    expect(call(6, env, BigInt(fmtAddr), BigInt(fmt.length - 1))).toBe(-22n);
    expect(logDrain(mem)).toEqual({ records: [{ cpu: 1, text: 'cpu 1 says hello' }], dropped: 0 });
    expect(logDrain(mem).records).toEqual([]);
    const lines: string[] = [];
    call(
      6,
      helperEnv(maps, 0, { log: (c, t) => lines.push(`${c}:${t}`) }),
      BigInt(fmtAddr),
      BigInt(fmt.length),
      0n,
      BigInt(strAddr),
    );
    expect(lines).toEqual(['0:cpu 0 says hello']);
  });
});

describe('createHelperFn (a worker that only has the memory)', () => {
  test('dispatches helpers on maps it never saw defined', () => {
    const maps = setup();
    const fn = createHelperFn(maps.mem.memory, 1);
    const h = BigInt(maps.mapAddr('h'));
    const k = BigInt(put(maps.mem, 1, 0, 3, 4));
    const v = BigInt(put(maps.mem, 1, 1, 33n));
    expect(fn(2, h, k, v, 0n, 0n)).toBe(0n);
    expect(maps.lookupValue('h', 3n).value).toBe(33n);
    expect(fn(8, 0n, 0n, 0n, 0n, 0n)).toBe(1n);
    const a = fn(5, 0n, 0n, 0n, 0n, 0n);
    expect(fn(5, 0n, 0n, 0n, 0n, 0n) >= a).toBe(true);
  });

  test('arrayLayout lets a JIT inline ARRAY and PERCPU_ARRAY lookups', () => {
    const maps = setup(2);
    const arr = maps.arrayLayout('arr')!;
    expect(arr.base + 2 * arr.keyStride).toBe(maps.lookup(maps.mapAddr('arr'), put(maps.mem, 0, 0, 2, 4), 0));
    const pa = maps.arrayLayout('pa')!;
    expect(pa.base + 1 * pa.keyStride + 1 * pa.cpuStride).toBe(
      maps.lookup(maps.mapAddr('pa'), put(maps.mem, 1, 0, 1, 4), 1),
    );
    expect(maps.arrayLayout('h')).toBeUndefined();
  });
});
