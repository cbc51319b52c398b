import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, kernelLoad } from '../../testing/oracle/index.ts';
import type { Insn } from '../isa/insn.ts';
import { MapType } from '../object.ts';
import { ElfError, loadElf } from './index.ts';

function encode(insns: Insn[]): string {
  const b = Buffer.alloc(insns.length * 8);
  insns.forEach((i, n) => {
    b[n * 8] = i.code;
    b[n * 8 + 1] = (i.src << 4) | i.dst;
    b.writeInt16LE(i.off, n * 8 + 2);
    b.writeInt32LE(i.imm, n * 8 + 4);
  });
  return b.toString('hex');
}

/** Blank the imm of map lddw first slots (the kernel's copy carries fds, ours map indices). */
function maskMapImm(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  for (let o = 0; o + 16 <= b.length; o += 8) {
    if (b[o] === 0x18 && (b[o + 1] >> 4 === 1 || b[o + 1] >> 4 === 2)) b.writeInt32LE(0, o + 4);
    if (b[o] === 0x18) o += 8;
  }
  return b.toString('hex');
}

test('rejects bytes that are not a BPF ELF object', () => {
  expect(() => loadElf(new Uint8Array([1, 2, 3]), 'x.o')).toThrow(ElfError);
  expect(() => loadElf(new Uint8Array(64), 'x.o')).toThrow(/bad magic/);
  const fake = new Uint8Array(64);
  fake.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
  expect(() => loadElf(fake, 'x.o')).toThrow(/not a BPF object/);
});

describeKernel('ELF loader against libbpf', () => {
  const obj = clangBuild(join(import.meta.dirname, 'testdata/mixed.bpf.c'));
  const loaded = loadElf(readFileSync(obj), 'mixed.bpf.o');

  test('instructions equal what libbpf hands to the kernel', () => {
    const kernel = kernelLoad(obj);
    expect(loaded.programs.map((p) => p.name)).toEqual(kernel.map((p) => p.name));
    for (const [i, p] of loaded.programs.entries()) {
      expect(p.section).toBe(kernel[i].section);
      expect(kernel[i].accepted, kernel[i].log).toBe(true);
      expect(maskMapImm(encode(p.insns)), p.name).toBe(maskMapImm(kernel[i].insns));
    }
  });

  test('maps, globals, spin lock offset and map-in-map', () => {
    const byName = Object.fromEntries(loaded.maps.map((m) => [m.name, m]));
    expect(byName.pairs).toMatchObject({
      type: MapType.HASH,
      keySize: 4,
      valueSize: 24,
      maxEntries: 16,
      spinLockOff: 0,
    });
    expect(byName.outer.type).toBe(MapType.ARRAY_OF_MAPS);
    expect(byName.outer.inner).toMatchObject({ type: MapType.ARRAY, valueSize: 8, maxEntries: 8 });
    expect(byName.outer.initValues).toEqual([{ index: 1, map: 'inner_a' }]);
    expect(byName['.data'].vars?.map((v) => v.name)).toEqual(['seed']);
    expect(byName['.data'].initial?.[0]).toBe(42);
    expect(byName['.rodata'].vars?.map((v) => v.name)).toEqual(['limit']);
    expect(byName['.bss'].vars?.map((v) => v.name)).toEqual(['hits']);
    expect(loaded.license).toBe('GPL');
  });

  test('subprograms are appended and line info covers every real slot', () => {
    const a = loaded.programs[0];
    expect(a.funcs.map((f) => f.name)).toEqual(['prog_a', 'quad', 'twice']);
    expect(loaded.programs[1].funcs.map((f) => f.name)).toEqual(['prog_b', 'twice']);
    expect(a.lines[0]?.line).toBeGreaterThan(30);
    expect(a.lines.filter((l) => l === null).length).toBe(a.insns.filter((i) => i.code === 0x18).length);
  });
});

describeKernel('ELF loader on damaged objects', () => {
  test('mutated bytes give an ElfError or an object, never a crash (seeded, time-bounded)', () => {
    const good = readFileSync(clangBuild(join(import.meta.dirname, 'testdata/mixed.bpf.c')));
    let s = 99;
    const rnd = (n: number) => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % n;
    };
    const deadline = performance.now() + 4000;
    let n = 0;
    let loaded = 0;
    while (performance.now() < deadline && n < 3000) {
      const bytes = new Uint8Array(good);
      for (let k = 1 + rnd(8); k > 0; k--) bytes[rnd(bytes.length)] = rnd(256);
      if (rnd(10) === 0) bytes.fill(0, rnd(bytes.length));
      try {
        loadElf(bytes, `mutant-${n}.o`);
        loaded++;
      } catch (e) {
        expect(e, `mutant ${n}: ${(e as Error).stack}`).toBeInstanceOf(ElfError);
      }
      n++;
    }
    expect(n).toBeGreaterThan(100);
    expect(loaded).toBeGreaterThan(0);
  });
});
