/**
 * Build steps of the real-kernel oracle, all cached by content hash in a temp directory
 * (`$TMPDIR/lockstep-oracle/`), never committed:
 * - `vmlinuxH()`: vmlinux.h generated once from /sys/kernel/btf/vmlinux with bpftool;
 * - `oracleBinary()`: oracle.c compiled with cc against libbpf (`-lbpf -lelf -lz`);
 * - `clangBuild(cPath)`: a BPF C file → object with `clang -O2 -g -target bpf -mcpu=v3`.
 * Concurrent test workers may race to build the same file: every output is written to a unique
 * temporary name and renamed into place, so readers only ever see complete files.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function cacheDir(): string {
  const dir = join(tmpdir(), 'lockstep-oracle');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function hash(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
}

function tmpName(final: string): string {
  return `${final}.${process.pid}.${Math.random().toString(36).slice(2)}`;
}

/** Error from a build step, with the tool's stderr (e.g. clang's diagnostics). */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(`${message}\n${stderr}`);
    this.name = 'BuildError';
  }
}

function run(cmd: string, args: string[], what: string): Buffer {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new BuildError(`${what} failed: ${err.message.split('\n')[0]}`, err.stderr?.toString() ?? '');
  }
}

/** Directory holding vmlinux.h for this kernel's BTF (generated once). */
export function vmlinuxDir(): string {
  const btf = '/sys/kernel/btf/vmlinux';
  const st = statSync(btf);
  const dir = join(cacheDir(), `vmlinux-${hash(String(st.size), String(st.mtimeMs), kernelVersion())}`);
  const header = join(dir, 'vmlinux.h');
  if (!existsSync(header)) {
    mkdirSync(dir, { recursive: true });
    const text = run('bpftool', ['btf', 'dump', 'file', btf, 'format', 'c'], 'bpftool btf dump');
    const tmp = tmpName(header);
    writeFileSync(tmp, text);
    renameSync(tmp, header);
  }
  return dir;
}

/** Path of the compiled oracle binary (rebuilt when oracle.c changes). */
export function oracleBinary(): string {
  const src = join(here, 'oracle.c');
  const bin = join(cacheDir(), `oracle-${hash(readFileSync(src))}`);
  if (!existsSync(bin)) {
    const tmp = tmpName(bin);
    run('cc', ['-O2', '-Wall', '-o', tmp, src, '-lbpf', '-lelf', '-lz'], 'cc oracle.c');
    renameSync(tmp, bin);
  }
  return bin;
}

/**
 * Compile a BPF C file with clang exactly as the course tells learners to:
 * `clang -O2 -g -target bpf -mcpu=v3 -I<vmlinux.h dir>`. Returns the object's path (cached by
 * the file's path and content). Throws BuildError with clang's diagnostics on failure.
 */
export function clangBuild(cPath: string, extraArgs: string[] = []): string {
  const abs = resolve(cPath);
  const key = hash(abs, readFileSync(abs), extraArgs.join(' '));
  const base = abs.replace(/^.*\//, '').replace(/\.c$/, '');
  const obj = join(cacheDir(), `${base}-${key}.o`);
  if (!existsSync(obj)) {
    const tmp = tmpName(obj);
    const args = [
      '-O2',
      '-g',
      '-target',
      'bpf',
      '-mcpu=v3',
      '-fno-crash-diagnostics',
      '-I',
      vmlinuxDir(),
      '-I',
      dirname(abs),
    ];
    run('clang', [...args, ...extraArgs, '-c', abs, '-o', tmp], `clang ${cPath}`);
    renameSync(tmp, obj);
  }
  return obj;
}

/** `uname -r` of this machine, e.g. "6.18.44-fc-v595". */
export function kernelVersion(): string {
  return execFileSync('uname', ['-r']).toString().trim();
}
