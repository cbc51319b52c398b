/**
 * Fuzz (seeded, time-bounded): random and mutated instruction sequences never crash the
 * verifier or exceed its limits, and every program it accepts runs in the interpreter without
 * a fault — the verifier is the safety gate, the interpreter's bounds checks the backstop.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { compile } from '../compiler/index.ts';
import type { Insn } from '../isa/insn.ts';
import { run } from '../machine/index.ts';
import { MapType, type ProgramObject, type ProgType } from '../object.ts';
import { loadCorpus } from './corpus.ts';
import { INSN_LIMIT } from './driver.ts';
import { verify } from './index.ts';

/** xorshift32: reproducible runs; a failure message carries the seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const maps: ProgramObject['maps'] = [
  { name: 'h', kind: 'map', type: MapType.HASH, keySize: 4, valueSize: 16, maxEntries: 4, flags: 0, spinLockOff: -1 },
  { name: 'a', kind: 'map', type: MapType.ARRAY, keySize: 4, valueSize: 8, maxEntries: 4, flags: 0, spinLockOff: -1 },
  {
    name: '.bss',
    kind: 'bss',
    type: MapType.ARRAY,
    keySize: 4,
    valueSize: 16,
    maxEntries: 1,
    flags: 0,
    spinLockOff: -1,
    initial: new Uint8Array(16),
  },
];

const ins = (code: number, dst = 0, src = 0, off = 0, imm = 0): Insn => ({ code, dst, src, off, imm });
const ALU = [
  0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x47, 0x4f, 0x57, 0x5f, 0x67, 0x77, 0xa7, 0xaf, 0xb7, 0xbf, 0x04, 0x0c, 0x54,
  0xb4, 0xbc, 0xc7, 0x87,
];
const JMP = [0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x55, 0x5d, 0xa5, 0xad, 0xb5, 0x65, 0x16, 0x26, 0xa6];
const MEM = [0x61, 0x69, 0x71, 0x79, 0x63, 0x6b, 0x73, 0x7b, 0x62, 0x7a, 0xc3, 0xdb];
const HELPERS = [1, 2, 3, 5, 7, 8, 14, 93, 94];

/** A random but plausible program: mostly valid opcodes, registers 0-10, small offsets. */
function randomProgram(r: ReturnType<typeof rng>): Insn[] {
  const n = 3 + r.int(30);
  const out: Insn[] = [];
  while (out.length < n) {
    const k = r.int(10);
    const reg = () => r.int(11);
    if (k < 3) out.push(ins(r.pick(ALU), r.int(10), reg(), 0, r.int(64) - 8));
    else if (k < 5)
      out.push(
        ins(r.pick(MEM), reg(), reg(), r.pick([-8, -16, -4, 0, 4, 8, 12, 16, -520]), r.pick([0, 1, 0xe1, 0xf1])),
      );
    else if (k < 6) out.push(ins(r.pick(JMP), r.int(10), reg(), r.int(8) - 3, r.int(8)));
    else if (k < 7) out.push(ins(0x85, 0, 0, 0, r.pick(HELPERS)));
    else if (k < 8) {
      const idx = r.int(3);
      const src = idx === 2 ? 2 : 1;
      out.push(
        { ...ins(0x18, r.int(10), src, 0, idx), imm64: BigInt(idx) },
        ins(0, 0, 0, 0, src === 2 ? r.int(16) : 0),
      );
    } else if (k < 9) out.push(ins(0xbf, r.int(6) + 1, 10), ins(0x07, out.length % 5, 0, 0, -8 * (1 + r.int(4))));
    else out.push(ins(0xb7, 0, 0, 0, r.int(3)), ins(0x95));
  }
  out.push(ins(0xb7, 0, 0, 0, 2), ins(0x95));
  return out;
}

function object(insns: Insn[], type: ProgType): ProgramObject {
  const section = type === 'xdp' ? 'xdp' : type === 'sched_cls' ? 'tc' : 'tracepoint/raw_syscalls/sys_enter';
  return {
    programs: [
      { name: 'f', section, type, attachTo: '', insns, lines: insns.map(() => null), funcs: [{ name: 'f', start: 0 }] },
    ],
    maps,
    license: 'GPL',
  };
}

/**
 * The verifier follows the kernel, which knows more helpers than the engine implements: a call
 * to one of those stops the run cleanly ("unknown helper"); and the machine may refuse a map
 * set-up before anything runs ('bad-maps', e.g. a spin lock in an inner map, which 6.18 allows).
 * Anything else is a verifier miss.
 */
async function checkAccepted(obj: ProgramObject, what: string): Promise<void> {
  const res = await run(obj, 0, { cpus: 1, events: 2, insnBudget: INSN_LIMIT, timeLimitMs: 5000 });
  if (res.error?.code === 'helper' && /unknown helper/.test(res.error.message)) return;
  if (res.error?.code === 'bad-maps') return;
  expect(res.error, `${what}: accepted by the verifier but ${res.error?.code}: ${res.error?.message}`).toBeUndefined();
}

test('random programs: never a crash, never over the limits; accepted ones run without a fault', async () => {
  const seed = 20261125;
  const r = rng(seed);
  const deadline = performance.now() + 5000;
  let accepted = 0;
  let total = 0;
  while (performance.now() < deadline && total < 3000) {
    const type = r.pick(['xdp', 'sched_cls', 'tracepoint'] as const);
    const obj = object(randomProgram(r), type);
    const t0 = performance.now();
    const v = verify(obj, 0, { logLevel: total % 50 === 0 ? 2 : 0 });
    expect(performance.now() - t0, `seed ${seed} program ${total}`).toBeLessThan(2000);
    expect(v.processed).toBeLessThanOrEqual(INSN_LIMIT + 1);
    expect(typeof v.log).toBe('string');
    if (!v.accepted) expect(v.error?.message).not.toMatch(/^internal verifier error/);
    else {
      accepted++;
      await checkAccepted(obj, `seed ${seed} program ${total}`);
    }
    total++;
  }
  expect(total).toBeGreaterThan(30);
  expect(accepted).toBeGreaterThan(0);
}, 60_000);

test('mutated corpus programs: never a crash; accepted ones run without a fault', async () => {
  const seed = 7;
  const r = rng(seed);
  const readFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const objs = loadCorpus()
    .map((c) => compile({ path: c.path, source: c.source, readFile }).object)
    .filter((o): o is ProgramObject => o !== null);
  expect(objs.length).toBeGreaterThan(50);
  const deadline = performance.now() + 5000;
  let n = 0;
  while (performance.now() < deadline && n < 2000) {
    const base = r.pick(objs);
    const p = base.programs[0];
    const insns = p.insns.map((i) => ({ ...i }));
    for (let m = 1 + r.int(3); m > 0; m--) {
      const i = insns[r.int(insns.length)];
      const field = r.int(5);
      if (field === 0) i.code = r.int(256);
      else if (field === 1) i.dst = r.int(12);
      else if (field === 2) i.src = r.int(12);
      else if (field === 3) i.off = i.off + r.int(17) - 8;
      else i.imm = i.imm + r.int(17) - 8;
    }
    const obj: ProgramObject = { ...base, programs: [{ ...p, insns }] };
    const v = verify(obj, 0);
    expect(v.processed).toBeLessThanOrEqual(INSN_LIMIT + 1);
    expect(v.error?.message ?? '', `seed ${seed} mutation ${n}`).not.toMatch(/^internal verifier error/);
    if (v.accepted) await checkAccepted(obj, `seed ${seed} mutation ${n} of ${p.name}`);
    n++;
  }
  expect(n).toBeGreaterThan(30);
}, 60_000);
