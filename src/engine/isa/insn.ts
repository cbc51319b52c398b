/**
 * The one instruction model shared by every stage (compiler, assembler, verifier, interpreter,
 * JIT, disassemblers). Nothing re-decodes bytes after `decode()`.
 *
 * A program is an array of 8-byte *slots*; `insns[pc]` is the slot at index pc, so jump
 * offsets, verifier instruction indices, line info and traces all count slots, as the kernel
 * does. `lddw` (opcode 0x18) takes two slots: the first carries the whole 64-bit immediate in
 * `imm64` (and its low half in `imm`); the second is a filler slot `{code: 0, imm: high32}` that
 * every stage skips.
 *
 * Pseudo forms follow the kernel's post-relocation encoding (what libbpf hands to bpf()):
 * - `lddw` with src = 1 (BPF_PSEUDO_MAP_FD): imm = index of the map in `ProgramObject.maps`.
 * - `lddw` with src = 2 (BPF_PSEUDO_MAP_VALUE): imm = map index, second slot imm = offset
 *   into the value (this is how globals in .bss/.data/.rodata are addressed).
 * - `call` (0x85) with src = 0: imm = helper id; src = 1 (BPF_PSEUDO_CALL): BPF-to-BPF call,
 *   target slot = pc + imm + 1.
 */
export interface Insn {
  /** Opcode byte: class | size/mode | op/source bits. */
  code: number;
  /** Destination register, 0..15 as encoded (the verifier rejects > 10). */
  dst: number;
  /** Source register, 0..15 as encoded. */
  src: number;
  /** Signed 16-bit offset. */
  off: number;
  /** Signed 32-bit immediate. */
  imm: number;
  /** `lddw` only: the full 64-bit immediate, as an unsigned 64-bit bigint. */
  imm64?: bigint;
}
