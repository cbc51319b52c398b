/**
 * The interpreter's public face: pre-decoding, CPU state, `execute` and the benchmark.
 * The machine (machine/) drives it; the conformance runner and the bench use it bare.
 */
export { measureInterpreter } from './bench.ts';
export * from './cpu.ts';
export { execute, HELPER_BLOCKED, HELPER_DONE, type VmHost } from './interpreter.ts';
export { type Code, INVALID, type LddwResolver, predecode } from './program.ts';
