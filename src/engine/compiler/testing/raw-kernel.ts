/**
 * Test support: run a ProgramObject from our compiler on the real kernel without ELF or
 * libbpf — raw-load.c creates the maps with bpf(2), patches map fds into the pseudo `lddw`s,
 * loads the program (verifier log level 1), runs it once with BPF_PROG_TEST_RUN and returns
 * the global sections' bytes. Needs root and a C compiler (wrap tests in describeKernel).
 *
 * Maps are created without BTF, except maps whose value holds a bpf_spin_lock: the kernel
 * needs BTF to find the lock, so those get a minimal BTF (key int, `struct bpf_spin_lock`, and
 * a value struct of the right size with the lock member at its offset).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encode } from '../../isa/index.ts';
import type { MapDef, ProgramObject, ProgType } from '../../object.ts';

const PROG_TYPE: Record<ProgType, number> = {
  socket_filter: 1,
  kprobe: 2,
  sched_cls: 3,
  sched_act: 4,
  tracepoint: 5,
  xdp: 6,
  perf_event: 7,
  cgroup_skb: 8,
  raw_tracepoint: 17,
  tracing: 26,
  lsm: 29,
};

export interface RawRun {
  loaded: boolean;
  log: string;
  retval?: number;
  /** Global sections by map name (.bss/.data/.rodata): the bytes of key 0 after the run. */
  sections: Record<string, Uint8Array>;
}

function loaderBinary(): string {
  const src = join(dirname(new URL(import.meta.url).pathname), 'raw-load.c');
  const key = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'lockstep-compiler');
  const bin = join(dir, `raw-load-${key}`);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${bin}.${process.pid}`;
    try {
      execFileSync('cc', ['-O1', '-o', tmp, src], { stdio: 'pipe' });
    } catch {
      execFileSync('clang', ['-O1', '-o', tmp, src], { stdio: 'pipe' }); // clang is always there for these suites
    }
    renameSync(tmp, bin);
  }
  return bin;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** BTF for a map value with a spin lock: [1] u32, [2] struct bpf_spin_lock, [3] value, [4] key. */
function spinLockBtf(m: MapDef): Uint8Array {
  const strings = '\0u32\0bpf_spin_lock\0val\0v\0l\0k\0';
  const at = (s: string) => strings.indexOf(`\0${s}\0`) + 1;
  const types = [
    at('u32'),
    1 << 24,
    4,
    32,
    at('bpf_spin_lock'),
    (4 << 24) | 1,
    4,
    at('val'),
    1,
    0,
    at('v'),
    (4 << 24) | 1,
    m.valueSize,
    at('l'),
    2,
    m.spinLockOff * 8,
    at('k'),
    1 << 24,
    m.keySize,
    m.keySize * 8,
  ];
  const typeLen = types.length * 4;
  const buf = Buffer.alloc(24 + typeLen + strings.length);
  buf.writeUInt16LE(0xeb9f, 0);
  buf.writeUInt8(1, 2);
  buf.writeUInt32LE(24, 4);
  buf.writeUInt32LE(0, 8);
  buf.writeUInt32LE(typeLen, 12);
  buf.writeUInt32LE(typeLen, 16);
  buf.writeUInt32LE(strings.length, 20);
  for (let k = 0; k < types.length; k++) buf.writeUInt32LE(types[k] >>> 0, 24 + k * 4);
  buf.write(strings, 24 + typeLen, 'latin1');
  return buf;
}

export function rawKernelRun(obj: ProgramObject, prog: number, packet: Uint8Array = new Uint8Array(64)): RawRun {
  const p = obj.programs[prog];
  const all: MapDef[] = [...obj.maps];
  const lines = [`prog ${PROG_TYPE[p.type]} ${obj.license || 'GPL'}`];
  const inners = obj.maps.map((m) => {
    if (!m.inner) return -1;
    all.push(m.inner);
    return all.length - 1;
  });
  all.forEach((m, i) => {
    const init = m.initial ? hex(m.initial) : '-';
    lines.push(`map ${m.type} ${m.keySize} ${m.valueSize} ${m.maxEntries} ${m.flags} ${inners[i] ?? -1} ${init}`);
  });
  obj.maps.forEach((m, i) => {
    if (m.spinLockOff >= 0) lines.push(`btf ${i} ${hex(spinLockBtf(m))}`);
    for (const v of m.initValues ?? [])
      lines.push(`slot ${i} ${v.index} ${obj.maps.findIndex((x) => x.name === v.map)}`);
  });
  lines.push(`insns ${hex(encode(p.insns))}`, `packet ${hex(packet)}`);
  const out = execFileSync(loaderBinary(), [], { input: `${lines.join('\n')}\n`, maxBuffer: 1 << 26 }).toString();
  const r = JSON.parse(out) as { loaded: boolean; log?: string; retval?: number; maps?: Record<string, string> };
  const sections: Record<string, Uint8Array> = {};
  for (const [i, h] of Object.entries(r.maps ?? {})) sections[obj.maps[Number(i)].name] = Buffer.from(h, 'hex');
  return { loaded: r.loaded, log: r.log ?? '', retval: r.retval, sections };
}
