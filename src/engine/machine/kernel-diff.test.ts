/**
 * Differential: the lab programs on one CPU give the same globals and maps on the engine
 * (deterministic machine, interpreter) as on this machine's kernel (BPF_PROG_TEST_RUN through
 * the oracle, pinned to CPU 0 so bpf_get_smp_processor_id agrees). Programs are clang-built and
 * loaded by the ELF loader, so this tests the machine, helpers and maps, not the compiler.
 *
 * BPF_PROG_TEST_RUN cannot run tracepoint programs; the sys_enter labs are compared with the
 * kernel by the runner's own tests (real syscalls), and here only run on the engine.
 * The compiler corpus (XDP programs, src/engine/compiler/corpus) is compared the same way, whole
 * maps and sections byte for byte, one event with each file's `// packet:`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, oracleBinary } from '../../testing/oracle/index.ts';
import { parseCorpus } from '../compiler/corpus.ts';
import { compile } from '../compiler/index.ts';
import { loadElf } from '../elf/index.ts';
import { decodeValue, dumpMapsHex } from '../maps/index.ts';
import { type MapDef, MapType, type ProgramObject } from '../object.ts';
import type { MapEntry, Value } from '../results.ts';
import { DeterministicMachine } from './deterministic.ts';
import { run } from './index.ts';
import { resolveOptions } from './options.ts';

const LABS = new URL('../../../labs/', import.meta.url).pathname;
const EVENTS = 50;

interface KernelMaps {
  maps: Record<string, { key: string; value: string }[]>;
}

/** The oracle's `run`, pinned to CPU 0 (kernelRun with a fixed CPU). */
function kernelRunOnCpu0(
  obj: string,
  prog: string,
  repeat: number,
  packet: Uint8Array = new Uint8Array(64),
): KernelMaps {
  const hex = Buffer.from(packet).toString('hex');
  const out = execFileSync('taskset', ['-c', '0', oracleBinary(), 'run', obj, prog, hex, String(repeat)], {
    maxBuffer: 1 << 28,
  }).toString();
  return JSON.parse(out) as KernelMaps;
}

/** Both sides' entries in one order (the oracle lists keys in its own order). */
function sorted(maps: KernelMaps['maps']): KernelMaps['maps'] {
  const out: KernelMaps['maps'] = {};
  for (const name of Object.keys(maps).sort()) {
    out[name] = [...maps[name]].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return out;
}

/** Lab program types BPF_PROG_TEST_RUN can run with a packet (lab.json names). */
const TEST_RUN_TYPES = new Set(['xdp', 'tc', 'sched_cls', 'socket_filter']);

const labs = existsSync(LABS)
  ? readdirSync(LABS).filter(
      (d) => existsSync(join(LABS, d, 'lab.json')) && existsSync(join(LABS, d, 'solution.bpf.c')),
    )
  : [];

describeKernel('machine vs kernel on the lab programs (1 CPU)', () => {
  for (const lab of labs) {
    const meta = JSON.parse(readFileSync(join(LABS, lab, 'lab.json'), 'utf8')) as {
      program: { name: string; type: string };
    };
    for (const file of ['solution.bpf.c', 'starter.bpf.c']) {
      test(`${lab}/${file}`, async () => {
        const objPath = clangBuild(join(LABS, lab, file));
        const obj = loadElf(new Uint8Array(readFileSync(objPath)), objPath);
        const m = new DeterministicMachine(obj, meta.program.name, resolveOptions({ cpus: 1, events: EVENTS }));
        await m.runToEnd();
        expect(m.error).toBeUndefined();
        if (!TEST_RUN_TYPES.has(meta.program.type)) return;
        const kernel = kernelRunOnCpu0(objPath, meta.program.name, EVENTS);
        expect(normalize(obj, dumpMapsHex(m.w.set), false)).toEqual(normalize(obj, kernel.maps, true));
      });
    }
  }
});

/**
 * Puts both dumps in one shape: global sections under their section names (`.rodata.cst32`),
 * per-CPU values as CPU 0's copy (the kernel lists every possible CPU; only CPU 0 ran, so the
 * others must be zero), and map-in-map values (map ids, which differ by design) as "id".
 */
function normalize(obj: ProgramObject, maps: KernelMaps['maps'], kernel: boolean): KernelMaps['maps'] {
  const out: KernelMaps['maps'] = {};
  for (const [name, entries] of Object.entries(sorted(maps))) {
    const byKind = obj.maps.filter((d) => d.kind !== 'map' && `.${d.kind}` === name);
    const def = obj.maps.find((d) => d.name === name) ?? (byKind.length === 1 ? byKind[0] : undefined);
    const stride = def ? Math.ceil(def.valueSize / 8) * 8 * 2 : 0;
    out[def?.name ?? name] = entries.map(({ key, value }) => {
      if (def && (def.type === MapType.PERCPU_ARRAY || def.type === MapType.PERCPU_HASH)) {
        if (kernel) expect(/^0*$/.test(value.slice(stride)), `${name}: CPUs other than 0 untouched`).toBe(true);
        return { key, value: value.slice(0, stride) };
      }
      if (def && (def.type === MapType.ARRAY_OF_MAPS || def.type === MapType.HASH_OF_MAPS)) return { key, value: 'id' };
      return { key, value };
    });
  }
  return out;
}

const CORPUS = new URL('../compiler/corpus/', import.meta.url).pathname;
const corpus = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((f) => f.endsWith('.bpf.c'))
      .sort()
  : [];

describeKernel('machine vs kernel on the compiler corpus (clang-built, 1 CPU)', () => {
  for (const f of corpus) {
    const c = parseCorpus(readFileSync(join(CORPUS, f), 'utf8'));
    if (c.error) continue; // programs that must not compile
    test(f, async () => {
      const objPath = clangBuild(join(CORPUS, f));
      const obj = loadElf(new Uint8Array(readFileSync(objPath)), objPath);
      const m = new DeterministicMachine(obj, 'prog', resolveOptions({ cpus: 1, events: 1, packet: c.packet }));
      await m.runToEnd();
      expect(m.error).toBeUndefined();
      const kernel = kernelRunOnCpu0(objPath, 'prog', 1, c.packet).maps;
      expect(normalize(obj, dumpMapsHex(m.w.set), false)).toEqual(normalize(obj, kernel, true));
    });
  }
});

/**
 * The kernel's hex dump decoded with the clang object's types, in RunResult's shape: globals by
 * name, maps by name; per-CPU values as CPU 0's copy (only CPU 0 ran), an outer map's slot as
 * the entries of the inner map its initialiser put there (a program cannot swap inner maps).
 */
function decodeKernel(
  obj: ProgramObject,
  maps: KernelMaps['maps'],
): { globals: Record<string, Value>; maps: Record<string, MapEntry[]> } {
  const globals: Record<string, Value> = {};
  const out: Record<string, MapEntry[]> = {};
  const outers: [MapDef, { key: Buffer }[]][] = [];
  const byKey = (a: MapEntry, b: MapEntry) =>
    Number(a.key) < Number(b.key) ? -1 : Number(a.key) > Number(b.key) ? 1 : 0;
  for (const [name, entries] of Object.entries(maps)) {
    const def =
      obj.maps.find((d) => d.name === name) ?? obj.maps.find((d) => d.kind !== 'map' && `.${d.kind}` === name);
    if (!def) continue;
    const bytes = entries.map((e) => ({ key: Buffer.from(e.key, 'hex'), value: Buffer.from(e.value, 'hex') }));
    if (def.kind !== 'map') {
      for (const v of def.vars ?? []) globals[v.name] = decodeValue(bytes[0].value, v.offset, v.type.size, v.type);
      continue;
    }
    if (def.type === MapType.ARRAY_OF_MAPS || def.type === MapType.HASH_OF_MAPS) {
      outers.push([def, bytes]);
      continue;
    }
    const percpu = def.type === MapType.PERCPU_ARRAY || def.type === MapType.PERCPU_HASH;
    const stride = Math.ceil(def.valueSize / 8) * 8;
    out[def.name] = bytes
      .map((e): MapEntry => {
        const key = decodeValue(e.key, 0, def.keySize, def.key);
        if (!percpu) return { key, value: decodeValue(e.value, 0, def.valueSize, def.value) };
        expect(e.value.subarray(stride).every((x) => x === 0)).toBe(true); // CPUs other than 0 untouched
        return { key, values: [decodeValue(e.value, 0, def.valueSize, def.value)] };
      })
      .sort(byKey);
  }
  for (const [def, bytes] of outers) {
    out[def.name] = bytes
      .map((e): MapEntry => {
        const key = decodeValue(e.key, 0, def.keySize, def.key);
        const inner = def.initValues?.find((iv) => BigInt(iv.index) === key)?.map;
        return { key, value: (inner ? (out[inner] ?? []) : []) as unknown as Value };
      })
      .sort(byKey);
  }
  return { globals, maps: out };
}

describeKernel('our compiler + machine vs clang + kernel on the packet labs (globals and maps by name)', () => {
  for (const lab of labs) {
    const meta = JSON.parse(readFileSync(join(LABS, lab, 'lab.json'), 'utf8')) as {
      program: { name: string; type: string };
    };
    if (!TEST_RUN_TYPES.has(meta.program.type)) continue;
    for (const file of ['solution.bpf.c', 'starter.bpf.c']) {
      test(`${lab}/${file}`, async () => {
        const path = join(LABS, lab, file);
        const readFile = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
        const ours = compile({ path, source: readFileSync(path, 'utf8'), readFile });
        expect(ours.diagnostics).toEqual([]);
        const r = await run(ours.object!, meta.program.name, { cpus: 1, events: EVENTS });
        expect(r.error).toBeUndefined();
        const objPath = clangBuild(path);
        const clangObj = loadElf(new Uint8Array(readFileSync(objPath)), objPath);
        const kernel = decodeKernel(clangObj, kernelRunOnCpu0(objPath, meta.program.name, EVENTS).maps);
        const ourGlobals = Object.fromEntries(Object.entries(r.globals).filter(([k]) => k in kernel.globals));
        expect(ourGlobals).toEqual(kernel.globals);
        expect(r.maps).toEqual(kernel.maps);
      });
    }
  }
});
