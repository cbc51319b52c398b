/**
 * Which live scalars can still matter for safety (a static stand-in for the kernel's precision
 * tracking): a value matters if it may flow, through ALU operations and stack spills, into a
 * conditional jump, a memory access's base register, a helper argument, the exit value, or a
 * store whose destination the analysis cannot follow. Pruning compares only the type of a live
 * scalar that does not matter (two counters that differ but are never checked are equivalent),
 * as the kernel does for scalars it never marked precise.
 */
import type { Insn } from '../isa/insn.ts';
import { backward, type FlowGraph, slotMask } from './liveness.ts';

const R0_R5 = 0b111111;
const R1_R5 = 0b111110;

export function precision(insns: Insn[], g: FlowGraph): { regs: Uint16Array; stack: BigUint64Array } {
  const bit = (r: number) => (r <= 10 ? 1 << r : 0);
  const sizeOf = (code: number) => 1 << [2, 1, 0, 3][(code >> 3) & 3];
  return backward(insns.length, g, (pc, outR, outS) => {
    const i = insns[pc];
    const cls = i.code & 7;
    const op = i.code & 0xf0;
    const x = (i.code & 8) !== 0;
    let r = outR;
    let s = outS;
    const need = (reg: number) => (r & bit(reg)) !== 0;
    if (cls === 4 || cls === 7) {
      if (op === 0xb0) {
        const wanted = need(i.dst);
        r &= ~bit(i.dst);
        if (wanted && x) r |= bit(i.src);
      } else if (need(i.dst) && x && op !== 0x80 && op !== 0xd0) r |= bit(i.src);
    } else if (cls === 1) {
      const wanted = need(i.dst);
      r &= ~bit(i.dst);
      if (wanted && i.src === 10) s |= slotMask(i.off, sizeOf(i.code));
      r |= bit(i.src);
    } else if (cls === 2 || cls === 3) {
      const size = sizeOf(i.code);
      const atomic = cls === 3 && (i.code & 0xe0) === 0xc0;
      r |= bit(i.dst);
      if (cls === 3) {
        const slots = i.dst === 10 ? slotMask(i.off, size) : 0n;
        if (atomic || i.dst !== 10 || (s & slots) !== 0n) r |= bit(i.src);
        if (atomic && i.imm === 0xf1) r |= 1;
      }
      if (i.dst === 10 && !atomic && size === 8 && i.off % 8 === 0) s &= ~slotMask(i.off, 8);
    } else if (i.code === 0x18) {
      r &= ~bit(i.dst);
    } else if (cls === 5 || cls === 6) {
      if (op === 0x80) r = (r & ~R0_R5) | R1_R5;
      else if (op === 0x90) r |= 1;
      else if (op !== 0x00) r |= bit(i.dst) | (x ? bit(i.src) : 0);
    }
    return [r, s];
  });
}
