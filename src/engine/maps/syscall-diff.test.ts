/**
 * Differential test of the userspace (bpf() syscall) side of map semantics: one script of map
 * operations runs through libbpf against this machine's kernel (testdata/syscall-oracle.c) and
 * through the engine's MapSet byte-level API; every return code and value must match.
 * Outer-map lookups compare the inner map by name (ids differ between the two).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { type MapDef, MapType } from '../object.ts';
import { setupMaps } from './index.ts';
import { def, object } from './testdata/objects.ts';

const { ARRAY, HASH, PERCPU_ARRAY, PERCPU_HASH, ARRAY_OF_MAPS, HASH_OF_MAPS } = MapType;
// name, type, key size, value size, max entries, inner template
const creates: [string, number, number, number, number, string?][] = [
  ['a', ARRAY, 4, 8, 4],
  ['h', HASH, 4, 8, 2],
  ['pa', PERCPU_ARRAY, 4, 4, 2],
  ['ph', PERCPU_HASH, 4, 12, 2],
  ['i1', ARRAY, 4, 8, 2],
  ['i2', ARRAY, 4, 8, 2],
  ['bad', ARRAY, 4, 8, 3],
  ['ao', ARRAY_OF_MAPS, 4, 4, 2, 'i1'],
  ['ho', HASH_OF_MAPS, 4, 4, 2, 'i1'],
  ['ro', ARRAY, 4, 8, 1],
];

const k = (n: number) => Buffer.from(new Uint32Array([n]).buffer).toString('hex');
const v8 = (n: number) => Buffer.from(new BigUint64Array([BigInt(n)]).buffer).toString('hex');

function possibleCpus(): number {
  const text = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
  return Math.max(...text.split(',').map((r) => Number(r.split('-').pop()))) + 1;
}

function script(cpus: number): string[][] {
  const pcpu = (base: number, size: number) =>
    Array.from({ length: cpus }, (_, c) => v8(base + c).padEnd(size * 2, '0')).join('');
  return [
    ['update', 'a', k(0), v8(5), '0'],
    ['update', 'a', k(4), v8(5), '0'],
    ['update', 'a', k(0), v8(6), '1'],
    ['update', 'a', k(0), v8(6), '2'],
    ['update', 'a', k(0), v8(6), '3'],
    ['update', 'a', k(0), v8(6), '4'],
    ['delete', 'a', k(0)],
    ['lookup', 'a', k(0), '0'],
    ['lookup', 'a', k(4), '0'],
    ['lookup', 'a', k(0), '4'],
    ['lookup', 'a', k(0), '2'],
    ['next', 'a', '-'],
    ['next', 'a', k(2)],
    ['next', 'a', k(3)],
    ['next', 'a', k(9)],
    ['update', 'h', k(1), v8(10), '1'],
    ['update', 'h', k(1), v8(11), '1'],
    ['update', 'h', k(2), v8(20), '2'],
    ['update', 'h', k(2), v8(20), '0'],
    ['update', 'h', k(3), v8(30), '0'],
    ['update', 'h', k(1), v8(12), '0'],
    ['lookup', 'h', k(1), '0'],
    ['lookup', 'h', k(1), '4'],
    ['delete', 'h', k(5)],
    ['delete', 'h', k(2)],
    ['next', 'h', k(7)],
    ['next', 'h', k(1)],
    ['update', 'pa', k(0), pcpu(7, 8), '0'],
    ['lookup', 'pa', k(0), '0'],
    ['update', 'pa', k(1), pcpu(7, 8), '1'],
    ['update', 'pa', k(1), pcpu(7, 8), '4'],
    ['lookup', 'pa', k(1), '4'],
    ['delete', 'pa', k(0)],
    ['update', 'ph', k(1), pcpu(100, 16), '1'],
    ['update', 'ph', k(2), pcpu(200, 16), '0'],
    ['update', 'ph', k(3), pcpu(300, 16), '0'],
    ['update', 'ph', k(1), pcpu(1, 16), '2'],
    ['lookup', 'ph', k(1), '0'],
    ['delete', 'ph', k(2)],
    ['lookup', 'ph', k(2), '0'],
    ['setinner', 'ao', k(0), 'i1', '0'],
    ['setinner', 'ao', k(1), 'i2', '1'],
    ['setinner', 'ao', k(1), 'i2', '2'],
    ['setinner', 'ao', k(1), 'bad', '0'],
    ['setinner', 'ao', k(2), 'i1', '0'],
    ['setinner', 'ao', k(1), 'i2', '0'],
    ['lookup', 'ao', k(0), '0'],
    ['lookup', 'ao', k(1), '0'],
    ['delete', 'ao', k(1)],
    ['delete', 'ao', k(1)],
    ['lookup', 'ao', k(1), '0'],
    ['delete', 'ao', k(5)],
    ['lookup', 'ao', k(0), '4'],
    ['setinner', 'ho', k(5), 'i2', '1'],
    ['setinner', 'ho', k(5), 'i1', '1'],
    ['setinner', 'ho', k(6), 'bad', '0'],
    ['setinner', 'ho', k(7), 'i1', '2'],
    ['lookup', 'ho', k(5), '0'],
    ['delete', 'ho', k(5)],
    ['delete', 'ho', k(5)],
    ['freeze', 'ro'],
    ['update', 'ro', k(0), v8(1), '0'],
  ];
}

function engineRun(steps: string[][], cpus: number): unknown[] {
  const defs: MapDef[] = creates.map(([name, type, keySize, valueSize, maxEntries, inner]) =>
    def({
      name,
      type: type as MapDef['type'],
      kind: name === 'ro' ? 'rodata' : 'map',
      keySize,
      valueSize,
      maxEntries,
      key: undefined,
      value: undefined,
      inner: inner ? def({ name: inner, type: ARRAY, maxEntries: 2, key: undefined, value: undefined }) : undefined,
    }),
  );
  const set = setupMaps(object(defs), { cpus });
  const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
  const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : '');
  return steps.map(([cmd, name, a, b, c]) => {
    const m = set.get(name);
    switch (cmd) {
      case 'update': {
        const v = new Uint8Array(set.valueBytes(m));
        v.set(bytes(b).subarray(0, v.length));
        return { rc: set.updateBytes(m, bytes(a), v, Number(c)) };
      }
      case 'setinner': {
        const id = new Uint8Array(new Uint32Array([set.get(b).id]).buffer);
        return { rc: set.updateBytes(m, bytes(a), id, Number(c)) };
      }
      case 'lookup': {
        const r = set.lookupBytes(m, bytes(a), Number(b));
        if (!r.err && m.def.inner)
          return { rc: 0, map: set.byId(new DataView(r.value!.buffer).getUint32(0, true))?.name };
        return { rc: r.err, value: hex(r.value) };
      }
      case 'delete':
        return { rc: set.deleteBytes(m, bytes(a)) };
      case 'next': {
        const r = set.nextKeyBytes(m, a === '-' ? null : bytes(a));
        // Hash iteration order depends on the hash function (the kernel's is seeded): compare codes.
        return { rc: r.err, value: m.def.type === HASH ? '' : hex(r.value) };
      }
      default:
        return { rc: 0 };
    }
  });
}

function oracleBinary(): string {
  const dir = join(tmpdir(), 'lockstep-maps');
  mkdirSync(dir, { recursive: true });
  const src = join(import.meta.dirname, 'testdata/syscall-oracle.c');
  const bin = join(dir, `syscall-oracle-${createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16)}`);
  if (!existsSync(bin)) {
    const tmp = `${bin}.${process.pid}`;
    execFileSync('cc', ['-O2', '-o', tmp, src, '-lbpf', '-lelf', '-lz']);
    renameSync(tmp, bin); // readers only ever see a complete binary
  }
  return bin;
}

describeKernel('userspace map semantics vs the kernel (bpf() syscall)', () => {
  test('every return code and value matches', () => {
    const cpus = possibleCpus();
    const steps = script(cpus);
    const size = (name: string) => {
      const c = creates.find((x) => x[0] === name)!;
      return c[1] === PERCPU_ARRAY || c[1] === PERCPU_HASH ? Math.ceil(c[3] / 8) * 8 * cpus : c[3];
    };
    const input = [
      ...creates.map(([name, type, ks, vs, max, inner]) => `create ${name} ${type} ${ks} ${vs} ${max} ${inner ?? '-'}`),
      ...steps.map((s) => (s[0] === 'lookup' ? [...s, String(size(s[1]))] : s).join(' ')),
    ].join('\n');
    const out = execFileSync(oracleBinary(), { input }).toString().trim().split('\n');
    const kernel = out.slice(creates.length).map((l) => JSON.parse(l) as { rc: number; value?: string });
    expect(out.slice(0, creates.length).map((l) => JSON.parse(l).rc)).toEqual(creates.map(() => 0));
    for (const [i, s] of steps.entries()) {
      if (s[0] === 'next' && s[1] === 'h') kernel[i].value = '';
    }
    const label = (r: unknown[]) =>
      r.map(
        (x, i) => `${steps[i].slice(0, 3).join(' ')} flags=${steps[i][4] ?? steps[i][3] ?? ''} → ${JSON.stringify(x)}`,
      );
    expect(label(engineRun(steps, cpus))).toEqual(label(kernel));
  });
});
