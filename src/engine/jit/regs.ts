/**
 * Register and global allocation shared by the JIT's emitters: BPF registers live in wasm
 * locals of every translated function (R1–R5 and R10 are its parameters), plus scratch locals.
 */
import { JitError } from './cfg.ts';

/** Local indices inside every translated function. */
export const L = { r10: 5, r0: 6, pc: 11, budget: 12, t0: 13, t1: 14, a: 15, s: 16, x: 17 } as const;

export function reg(r: number, pc: number): number {
  if (r === 0) return L.r0;
  if (r >= 1 && r <= 5) return r - 1;
  if (r >= 6 && r <= 9) return r + 1;
  if (r === 10) return L.r10;
  throw new JitError(`invalid register r${r}`, pc);
}

/** Module globals (all exported by name). */
export const G = { cpu: 0, budgetInit: 1, budget: 2, errCode: 3, errPc: 4, ret: 5, stackLo: 6 } as const;
