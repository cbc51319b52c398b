/**
 * Differential: the lab programs on one CPU give the same globals and maps on the engine
 * (deterministic machine, interpreter) as on this machine's kernel (BPF_PROG_TEST_RUN through
 * the oracle, pinned to CPU 0 so bpf_get_smp_processor_id agrees). Programs are clang-built and
 * loaded by the ELF loader, so this tests the machine, helpers and maps, not the compiler.
 *
 * BPF_PROG_TEST_RUN cannot run tracepoint programs; the sys_enter labs are compared with the
 * kernel by the runner's own tests (real syscalls), and here only run on the engine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { clangBuild, oracleBinary } from '../../testing/oracle/index.ts';
import { loadElf } from '../elf/index.ts';
import { dumpMapsHex } from '../maps/index.ts';
import { DeterministicMachine } from './deterministic.ts';
import { resolveOptions } from './options.ts';

const LABS = new URL('../../../labs/', import.meta.url).pathname;
const EVENTS = 50;

interface KernelMaps {
  maps: Record<string, { key: string; value: string }[]>;
}

/** The oracle's `run`, pinned to CPU 0 (kernelRun with a fixed CPU). */
function kernelRunOnCpu0(obj: string, prog: string, repeat: number): KernelMaps {
  const hex = '00'.repeat(64);
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
        if (meta.program.type !== 'xdp') return;
        const kernel = kernelRunOnCpu0(objPath, meta.program.name, EVENTS);
        expect(sorted(dumpMapsHex(m.w.set))).toEqual(sorted(kernel.maps));
      });
    }
  }
});
