/**
 * What the runner needs from this machine, as small probes: tool versions, kernel version,
 * capabilities, BTF and tracefs. Each requirement carries its install command for
 * Debian/Ubuntu and Fedora. Node-only (the browser never runs these).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';

export interface Install {
  debian: string;
  fedora: string;
}

export const installs = {
  clang: { debian: 'sudo apt-get install -y clang llvm', fedora: 'sudo dnf install -y clang llvm' },
  bpftool: {
    debian:
      'sudo apt-get install -y bpftool   # Ubuntu: sudo apt-get install -y linux-tools-common linux-tools-$(uname -r)',
    fedora: 'sudo dnf install -y bpftool',
  },
  libbpf: { debian: 'sudo apt-get install -y libbpf-dev', fedora: 'sudo dnf install -y libbpf-devel' },
  make: { debian: 'sudo apt-get install -y make', fedora: 'sudo dnf install -y make' },
  cc: { debian: 'sudo apt-get install -y gcc libc6-dev', fedora: 'sudo dnf install -y gcc glibc-devel' },
} satisfies Record<string, Install>;

export const fixLine = (i: Install) => `Debian/Ubuntu: ${i.debian}\n    Fedora: ${i.fedora}`;

/** Runs a command; never throws. */
export function probe(cmd: string, args: string[], input?: string): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** "6.18.44-fc" → [6, 18]; unknown → [0, 0]. */
export function kernelVersion(rel = release()): [number, number] {
  const m = rel.match(/^(\d+)\.(\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export function versionAtLeast(have: [number, number], want: string): boolean {
  const [a, b] = want.split('.').map(Number);
  return have[0] > a || (have[0] === a && have[1] >= b);
}

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

/** Whether bpf() and tracing are permitted: root, or CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN. */
export function bpfPermitted(): { ok: boolean; detail: string } {
  if (process.platform !== 'linux') return { ok: false, detail: 'not Linux' };
  let eff = 0n;
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(/^CapEff:\s*([0-9a-f]+)/m);
    eff = m ? BigInt(`0x${m[1]}`) : 0n;
  } catch {}
  const has = (c: bigint) => ((eff >> c) & 1n) === 1n;
  const uid = process.getuid?.() ?? -1;
  if (has(CAP_SYS_ADMIN)) return { ok: true, detail: uid === 0 ? 'root' : 'CAP_SYS_ADMIN' };
  if (has(CAP_BPF) && has(CAP_PERFMON)) return { ok: true, detail: 'CAP_BPF + CAP_PERFMON' };
  return { ok: false, detail: `uid ${uid} without CAP_BPF/CAP_PERFMON or CAP_SYS_ADMIN` };
}

export const hasBtf = () => existsSync('/sys/kernel/btf/vmlinux');

export const hasTracefs = () =>
  existsSync('/sys/kernel/tracing/events') || existsSync('/sys/kernel/debug/tracing/events');

/** `clang --version` major, or 0 when clang is missing. */
export function clangMajor(): number {
  const r = probe('clang', ['--version']);
  const m = r.ok ? r.out.match(/clang version (\d+)/) : null;
  return m ? Number(m[1]) : 0;
}

/** Whether clang compiles an atomic fetch-add for BPF with -mcpu=v3. */
export function clangHasV3(): boolean {
  return probe(
    'clang',
    ['-O2', '-target', 'bpf', '-mcpu=v3', '-x', 'c', '-c', '-', '-o', '/dev/null'],
    'long v; long f(void) { return __sync_fetch_and_add(&v, 1); }\n',
  ).ok;
}

export function libbpfHeaders(): string | null {
  for (const dir of ['/usr/include', '/usr/local/include']) {
    if (existsSync(`${dir}/bpf/bpf_helpers.h`) && existsSync(`${dir}/bpf/libbpf.h`)) return `${dir}/bpf`;
  }
  return null;
}

export const hasTool = (tool: string) => probe('sh', ['-c', `command -v ${tool}`]).ok;
