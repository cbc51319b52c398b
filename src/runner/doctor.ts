/**
 * `lockstep doctor` as data: each health check is `{ id, label, diagnose, fix }`; diagnose
 * probes this machine and says what it found, fix says what to do when it fails (install
 * commands for Debian/Ubuntu and Fedora). The same list gates `lockstep run` (`require`).
 */
import { release } from 'node:os';
import { RunnerError, type RunnerErrorCode } from './errors.ts';
import {
  bpfPermitted,
  clangHasV3,
  clangMajor,
  fixLine,
  hasBtf,
  hasTool,
  hasTracefs,
  installs,
  kernelVersion,
  libbpfHeaders,
  probe,
  versionAtLeast,
} from './system.ts';

export interface Diagnosis {
  ok: boolean;
  detail: string;
}

export interface HealthCheck {
  id: string;
  label: string;
  /** The error code `require` raises when this check fails. */
  code: RunnerErrorCode;
  diagnose: () => Diagnosis;
  fix: string;
}

export const MIN_KERNEL = '5.12'; // atomics with fetch/xchg/cmpxchg (-mcpu=v3)

export const healthChecks: HealthCheck[] = [
  {
    id: 'kernel',
    label: `Linux kernel ≥ ${MIN_KERNEL}`,
    code: 'old-kernel',
    diagnose: () => {
      if (process.platform !== 'linux') return { ok: false, detail: `this is ${process.platform}, not Linux` };
      return { ok: versionAtLeast(kernelVersion(), MIN_KERNEL), detail: release() };
    },
    fix: `Use a kernel ≥ ${MIN_KERNEL} (BPF atomics with fetch, xchg and cmpxchg); any current distribution kernel has it.`,
  },
  {
    id: 'btf',
    label: 'kernel BTF (/sys/kernel/btf/vmlinux)',
    code: 'no-btf',
    diagnose: () => ({ ok: hasBtf(), detail: hasBtf() ? 'present' : 'missing' }),
    fix: 'Boot a kernel built with CONFIG_DEBUG_INFO_BTF=y (Debian, Ubuntu and Fedora kernels are).',
  },
  {
    id: 'permission',
    label: 'bpf() permitted (root, or CAP_BPF + CAP_PERFMON)',
    code: 'not-permitted',
    diagnose: () => bpfPermitted(),
    fix: 'Run as root (sudo), or with CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN.',
  },
  {
    id: 'tracefs',
    label: 'tracefs mounted (tracepoint labs)',
    code: 'no-tracefs',
    diagnose: () => ({ ok: hasTracefs(), detail: hasTracefs() ? 'mounted' : 'not mounted' }),
    fix: 'sudo mount -t tracefs nodev /sys/kernel/tracing',
  },
  {
    id: 'clang',
    label: 'clang ≥ 14 with -mcpu=v3',
    code: 'missing-tool',
    diagnose: () => {
      const major = clangMajor();
      if (!major) return { ok: false, detail: 'clang not found' };
      if (major < 14) return { ok: false, detail: `clang ${major}` };
      return clangHasV3()
        ? { ok: true, detail: `clang ${major}` }
        : { ok: false, detail: `clang ${major} rejects -mcpu=v3` };
    },
    fix: fixLine(installs.clang),
  },
  {
    id: 'libbpf',
    label: 'libbpf headers and library',
    code: 'missing-tool',
    diagnose: () => {
      const dir = libbpfHeaders();
      if (!dir) return { ok: false, detail: 'bpf/bpf_helpers.h not found' };
      // Link a program against libbpf: the headers alone do not make a runnable build.
      const prog = '#include <bpf/libbpf.h>\nint main(void) { return libbpf_major_version() > 0 ? 0 : 1; }\n';
      const link = probe('cc', ['-x', 'c', '-', '-lbpf', '-o', '/dev/null'], prog);
      return link.ok ? { ok: true, detail: dir } : { ok: false, detail: `headers in ${dir}, but linking -lbpf failed` };
    },
    fix: fixLine(installs.libbpf),
  },
  {
    id: 'bpftool',
    label: 'bpftool (vmlinux.h, skeletons)',
    code: 'missing-tool',
    diagnose: () => {
      const r = probe('bpftool', ['version']);
      return { ok: r.ok, detail: r.ok ? r.out.split('\n')[0] : 'bpftool not found' };
    },
    fix: fixLine(installs.bpftool),
  },
  {
    id: 'make',
    label: 'make',
    code: 'missing-tool',
    diagnose: () => ({ ok: hasTool('make'), detail: hasTool('make') ? 'found' : 'make not found' }),
    fix: fixLine(installs.make),
  },
  {
    id: 'cc',
    label: 'C compiler (cc)',
    code: 'missing-tool',
    diagnose: () => ({ ok: hasTool('cc'), detail: hasTool('cc') ? 'found' : 'cc not found' }),
    fix: fixLine(installs.cc),
  },
];

export interface DoctorReport {
  ok: boolean;
  checks: { id: string; label: string; ok: boolean; detail: string; fix?: string }[];
}

export function runDoctor(only?: string[]): DoctorReport {
  const list = only ? healthChecks.filter((c) => only.includes(c.id)) : healthChecks;
  const checks = list.map((c) => {
    const d = c.diagnose();
    return { id: c.id, label: c.label, ok: d.ok, detail: d.detail, ...(d.ok ? {} : { fix: c.fix }) };
  });
  return { ok: checks.every((c) => c.ok), checks };
}

/** Throws a RunnerError for the first failing check among `ids` (in list order). */
export function requireHealth(ids: string[]): void {
  for (const c of healthChecks.filter((h) => ids.includes(h.id))) {
    const d = c.diagnose();
    if (!d.ok) throw new RunnerError(c.code, `${c.label}: ${d.detail}\n  fix: ${c.fix}`);
  }
}
