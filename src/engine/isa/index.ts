/**
 * The instruction-set module's public face: the shared instruction model, opcode tables,
 * classification helpers, the byte codec, the bpf_conformance assembler and the disassemblers.
 * Other stages import from here only.
 */
export * from './classify.ts';
export * from './codec.ts';
export { type AssembleOptions, type AssembleResult, assemble } from './conformance-asm.ts';
export { type ConformanceTest, parseConformanceData } from './conformance-data.ts';
export { disassembleConformance, slotWord } from './conformance-disasm.ts';
export { CANONICAL, type Form, MNEMONICS } from './conformance-syntax.ts';
export { HELPER_NAMES, helperId, helperName } from './helpers.ts';
export type { Insn } from './insn.ts';
export { disasmKernel, type KernelDisasmOptions, kernelInsnText, kernelLogLineWithState } from './kernel-disasm.ts';
export { disasmLlvm, disasmLlvmProgram, type LlvmDisasmOptions, type LlvmSymbol } from './llvm-disasm.ts';
export * from './opcodes.ts';
