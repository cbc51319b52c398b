/**
 * The real-kernel oracle (test support only; needs root, clang, bpftool, libbpf — wrap tests in
 * `describeKernel` from src/testing/kernel.ts). Use it for differential tests: our compiler,
 * verifier and interpreter against what this machine's kernel says and does.
 *
 * API:
 * - `clangBuild(cPath, extraArgs?) → objPath`: `clang -O2 -g -target bpf -mcpu=v3` with a
 *   vmlinux.h (generated once from /sys/kernel/btf/vmlinux) and the file's own directory on the
 *   include path; cached by content in `$TMPDIR/lockstep-oracle/`. Throws `BuildError` (with
 *   clang's stderr) when clang refuses the file.
 * - `kernelLoad(objPath, {logLevel?: 1|2}) → [{name, section, accepted, errno, log, error,
 *   libbpf, insns}]`: every program loaded on its own with its own verifier log; `error` is the
 *   kernel's message (the last log line before the "processed N insns" trailer).
 * - `kernelRun(objPath, {prog, packet?, repeat?}) → {retval, duration, maps}`: one
 *   BPF_PROG_TEST_RUN of an XDP/TC/socket-filter program (default packet: 64 zero bytes), then
 *   every map dumped as `{<name>: [{key: hex, value: hex}]}`; globals appear as `.bss`, `.data`,
 *   `.rodata`; per-CPU values are all possible CPUs' values concatenated, each rounded up to 8
 *   bytes. Nothing stays loaded after either call.
 * - `kernelLoadProgram(obj, prog, {mapsFrom, logLevel?}) → {name, section, accepted, errno, log,
 *   error}`: our own ProgramObject's instructions (e.g. from the engine's compiler) loaded into
 *   this kernel, maps taken from the clang-built object `mapsFrom` of the same source (so spin
 *   lock values keep their BTF). The differential test for compiler + verifier.
 * - `kernelVersion()`: `uname -r` (the verdicts are this kernel's: messages change between
 *   kernel versions, so tests record it in their failure messages).
 *
 * Not a lab runner (src/runner/ is) and not for the browser: it shells out to native tools.
 */
export { BuildError, clangBuild, kernelVersion, oracleBinary, vmlinuxDir } from './build.ts';
export {
  errorLine,
  type KernelProgramVerdict,
  type KernelRunResult,
  kernelLoad,
  kernelLoadProgram,
  kernelRun,
} from './kernel.ts';
