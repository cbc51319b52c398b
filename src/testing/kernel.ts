/**
 * Test support: can this machine run the real-kernel suites (root, bpf() permitted, clang,
 * bpftool, libbpf headers)? A suite that cannot run is skipped with a loud line saying why;
 * with LOCKSTEP_REQUIRE_KERNEL=1 (CI) the skip becomes a failing test instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'vitest';

export interface KernelEnv {
  ok: boolean;
  why: string;
}

let cached: KernelEnv | undefined;

export function kernelEnv(): KernelEnv {
  if (cached) return cached;
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push('not Linux');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) missing.push('not root');
  for (const tool of ['clang', 'bpftool']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      missing.push(`${tool} not installed`);
    }
  }
  if (!existsSync('/usr/include/bpf/bpf_helpers.h')) missing.push('libbpf headers missing (libbpf-dev)');
  if (!existsSync('/sys/kernel/btf/vmlinux')) missing.push('kernel has no BTF');
  cached = { ok: missing.length === 0, why: missing.join(', ') };
  return cached;
}

/**
 * `describe` for a suite that needs the real kernel. Not available: one test that fails under
 * LOCKSTEP_REQUIRE_KERNEL=1, or else logs a loud SKIPPED line and passes nothing else.
 */
export function describeKernel(name: string, body: () => void): void {
  const env = kernelEnv();
  if (env.ok) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    test(`kernel suite unavailable: ${env.why}`, () => {
      if (process.env.LOCKSTEP_REQUIRE_KERNEL === '1') {
        throw new Error(`real-kernel suite "${name}" required but cannot run: ${env.why}`);
      }
      console.warn(`\n!!!!!!!! SKIPPED: ${name} — ${env.why} !!!!!!!!\n`);
    });
  });
}
