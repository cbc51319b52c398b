/**
 * Registers and stack frame for the code generator. Expression temporaries live in the
 * caller-saved registers r0–r5 and are spilled to 8-byte stack slots when registers run out
 * or before a call clobbers them (reloaded on next use). Local variables either get a
 * callee-saved register r6–r9 (scalars whose address is never taken, as clang keeps loop
 * counters and lookup results) or a stack slot; the frame is 512 bytes, 8-byte aligned slots.
 *
 * Invariant relied on by control flow: before any construct that branches inside an
 * expression, every temporary is spilled (`spillAll`), so all paths agree on where values are.
 */
import type { Insn } from '../isa/insn.ts';
import { Code, fail, type Pos } from './diag.ts';
import { Alu, aluX, ldx, stx } from './ops.ts';

export class Tmp {
  /** Stack slot offset (negative) while spilled; reg is -1 then. */
  slot = 0;
  constructor(
    public reg: number,
    /** A register owned by someone else (a register variable, r10): never spilled or freed. */
    readonly borrowed = false,
  ) {}
}

export const R10 = new Tmp(10, true);
const POOL = [1, 2, 3, 4, 5, 0];
export const STACK_LIMIT = 512;

export class Frame {
  size = 0;
  /** Deepest spill slot: scope exits never hand it back to locals (temporaries outlive scopes). */
  private spillTop = 0;
  constructor(private at: () => Pos) {}

  /** Locals of a finished scope are dead: their bytes can hold the next scope's locals. */
  mark(): number {
    return this.size;
  }
  reset(mark: number): void {
    this.size = Math.max(mark, this.spillTop);
  }

  allocSpill(): number {
    const off = this.alloc(8);
    this.spillTop = Math.max(this.spillTop, -off);
    return off;
  }

  alloc(bytes: number): number {
    this.size += Math.ceil(Math.max(bytes, 1) / 8) * 8;
    if (this.size > STACK_LIMIT) {
      fail(
        Code.stack,
        'Looks like the BPF stack limit of 512 bytes is exceeded. Please move large on stack variables into BPF per-cpu array map.',
        this.at(),
      );
    }
    return -this.size;
  }
}

export class Regs {
  private byReg: (Tmp | null)[] = new Array(11).fill(null);
  private live = new Set<Tmp>();
  private pinned = new Set<Tmp>();
  private freeSlots: number[] = [];

  constructor(
    private emit: (i: Insn) => void,
    private frame: Frame,
    /** Moves a variable parked in a caller-saved register to its home (see lower.ts). */
    private evict: (reg: number) => void = () => {},
  ) {}

  /** Reserve a caller-saved register for a parked variable (never allocated or spilled). */
  reserve(t: Tmp): void {
    this.byReg[t.reg] = t;
  }

  release(reg: number): void {
    if (this.byReg[reg]?.borrowed) this.byReg[reg] = null;
  }

  /** A fresh temporary in a free register (spilling another one if none is free). */
  alloc(): Tmp {
    const t = new Tmp(this.freeReg());
    this.byReg[t.reg] = t;
    this.live.add(t);
    return t;
  }

  /** A temporary in exactly `reg` (whoever was there moves or is spilled). */
  take(reg: number, emit = true): Tmp {
    if (this.byReg[reg]?.borrowed) this.evict(reg);
    const cur = this.byReg[reg];
    if (cur) {
      if (emit) this.spill(cur);
      else fail(Code.internal, `internal error: register r${reg} busy`, { file: '', line: 0, col: 0 });
    }
    const t = new Tmp(reg);
    this.byReg[reg] = t;
    this.live.add(t);
    return t;
  }

  private freeReg(): number {
    for (const r of POOL) if (!this.byReg[r]) return r;
    for (const t of this.live) {
      if (t.reg >= 0 && !this.pinned.has(t)) {
        const r = t.reg;
        this.spill(t);
        return r;
      }
    }
    fail(Code.internal, 'internal error: out of registers', { file: '', line: 0, col: 0 });
  }

  /** The register holding t (reloading it if spilled). */
  r(t: Tmp): number {
    if (t.borrowed || t.reg >= 0) return t.reg;
    const reg = this.freeReg();
    this.emit(ldx(8, reg, 10, t.slot));
    this.freeSlots.push(t.slot);
    t.slot = 0;
    t.reg = reg;
    this.byReg[reg] = t;
    return reg;
  }

  /** Registers of several temporaries at once (none evicts another). */
  rs(...ts: Tmp[]): number[] {
    const out: number[] = [];
    for (const t of ts) {
      out.push(this.r(t));
      this.pinned.add(t);
    }
    for (const t of ts) this.pinned.delete(t);
    return out;
  }

  spill(t: Tmp): void {
    if (t.borrowed || t.reg < 0) return;
    const slot = this.freeSlots.pop() ?? this.frame.allocSpill();
    this.emit(stx(8, 10, t.reg, slot));
    this.byReg[t.reg] = null;
    t.reg = -1;
    t.slot = slot;
  }

  /** Spill every live temporary except `keep` (before calls and branching expressions). */
  spillAll(keep: Tmp[] = []): void {
    for (const t of this.live) if (!keep.includes(t)) this.spill(t);
  }

  free(t: Tmp | null): void {
    if (!t || t.borrowed || !this.live.has(t)) return;
    this.live.delete(t);
    if (t.reg >= 0) this.byReg[t.reg] = null;
    else this.freeSlots.push(t.slot);
    t.reg = -1;
  }

  /** An owned copy of t if t is borrowed; t itself otherwise. */
  own(t: Tmp): Tmp {
    if (!t.borrowed) {
      this.r(t);
      return t;
    }
    const c = this.alloc();
    this.emit(aluX(Alu.MOV, true, c.reg, t.reg));
    return c;
  }

  /** Forget every temporary without emitting code (a path ended in a jump). */
  inRegs(): Tmp[] {
    return [...this.live].filter((t) => t.reg >= 0);
  }

  isFree(reg: number): boolean {
    return !this.byReg[reg];
  }

  /** Move temporary t into register `reg` (which must be free), updating bookkeeping. */
  moveTo(t: Tmp, reg: number): void {
    if (t.reg === reg) return;
    if (this.byReg[reg]?.borrowed) this.evict(reg);
    if (this.byReg[reg]) this.spill(this.byReg[reg]!);
    if (t.reg < 0) {
      this.emit(ldx(8, reg, 10, t.slot));
      this.freeSlots.push(t.slot);
      t.slot = 0;
    } else {
      this.emit(aluX(Alu.MOV, true, reg, t.reg));
      this.byReg[t.reg] = null;
    }
    t.reg = reg;
    this.byReg[reg] = t;
  }
}
