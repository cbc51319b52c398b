/**
 * Code generation for expressions: typed tree → eBPF instructions into temporaries.
 * Values narrower than 64 bits are kept in the low 32 bits with the upper half zero (ALU32
 * ops, JMP32 compares, zero-extending loads), as LLVM does with -mcpu=v3; signed sub-int
 * values are sign-extended within those 32 bits. Atomics follow LLVM's -mcpu=v3 lowering
 * exactly (FETCH only when the result is used, sub = neg + add, cmpxchg through r0).
 * Statements, functions and inlining are in lower.ts.
 */
import type { Insn } from '../isa/insn.ts';
import type { Expr, FuncSym, Stmt, VarSym } from './ast.ts';
import { Code, fail, type Pos } from './diag.ts';
import type { DataLayout } from './globals.ts';
import { Frame, R10, Regs, Tmp } from './lower-regs.ts';
import {
  Alu,
  AtomicOp,
  aluK,
  aluX,
  atomic,
  Cls,
  call,
  fitsS16,
  fitsS32,
  ins,
  Jmp,
  lddw,
  ldx,
  st,
  stx,
  type Width,
  X,
} from './ops.ts';
import { isInt, isPtr, sizeOf, type Type, typeName } from './types.ts';

export interface Label {
  label: true;
  id: number;
}
export interface Item {
  insn: Insn;
  loc: Pos;
  jump?: Label;
  callee?: FuncSym;
}
export type Loc = { k: 'reg'; reg: number } | { k: 'stack'; off: number };
export interface Addr {
  base: Tmp;
  off: number;
}

const wide = (t: Type) => t.k === 'ptr' || sizeOf(t) === 8;
const signedT = (t: Type) => t.k === 'int' && t.signed;

const ALU_OF: Record<string, number> = {
  '+': Alu.ADD,
  '-': Alu.SUB,
  '*': Alu.MUL,
  '/': Alu.DIV,
  '%': Alu.MOD,
  '&': Alu.AND,
  '|': Alu.OR,
  '^': Alu.XOR,
  '<<': Alu.LSH,
  '>>': Alu.RSH,
};
const JMP_OF: Record<string, [number, number]> = {
  '==': [Jmp.JEQ, Jmp.JEQ],
  '!=': [Jmp.JNE, Jmp.JNE],
  '<': [Jmp.JLT, Jmp.JSLT],
  '<=': [Jmp.JLE, Jmp.JSLE],
  '>': [Jmp.JGT, Jmp.JSGT],
  '>=': [Jmp.JGE, Jmp.JSGE],
};
const NEGATE: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
const MIRROR: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

export abstract class ExprGen {
  code: (Item | Label)[] = [];
  loc: Pos;
  frame: Frame;
  regs: Regs;
  env = new Map<VarSym, Loc>();
  callees = new Set<FuncSym>();
  private labels = 0;

  constructor(
    protected data: DataLayout,
    at: Pos,
  ) {
    this.loc = at;
    this.frame = new Frame(() => this.loc);
    this.regs = new Regs(
      (i) => this.emit(i),
      this.frame,
      (reg) => this.evict(reg),
    );
  }

  abstract inlineCall(f: FuncSym, args: Expr[], used: boolean): Tmp | null;
  abstract lowerStmts(body: Stmt[]): void;

  emit(insn: Insn, extra?: { jump?: Label; callee?: FuncSym }): void {
    const cls = insn.code & 7;
    if (this.parked.size && insn.code === (Cls.JMP | Jmp.EXIT)) this.dropParked();
    else if (this.parked.size && (cls === Cls.JMP || cls === Cls.JMP32)) this.evictAll();
    this.code.push({ insn, loc: this.loc, ...extra });
  }

  // ---- parked variables ----------------------------------------------------------------------
  // A local that gets a helper's result (r0) or a program's context (r1) stays in that register
  // while the code runs straight on, as clang leaves it, so the verifier names the register
  // clang's code would use ("R0 invalid mem access 'map_value_or_null'", "... into R1 ctx").
  // At the first jump, label, call or use of the register it moves to its callee-saved home.
  protected parked = new Map<number, { sym: VarSym; tmp: Tmp; home: number }>();

  protected park(sym: VarSym, reg: number, home: number): void {
    const tmp = new Tmp(reg, true);
    this.parked.set(reg, { sym, tmp, home });
    this.regs.reserve(tmp);
    this.env.set(sym, { k: 'reg', reg });
  }

  evict(reg: number): void {
    const p = this.parked.get(reg);
    if (!p) return;
    this.parked.delete(reg);
    this.regs.release(reg);
    this.code.push({ insn: aluX(Alu.MOV, true, p.home, reg), loc: this.loc });
    p.tmp.reg = p.home;
    this.env.set(p.sym, { k: 'reg', reg: p.home });
  }

  /** Forget parked variables without moving them (at an exit, where nothing is live). */
  protected dropParked(): void {
    for (const reg of [...this.parked.keys()]) {
      this.parked.delete(reg);
      this.regs.release(reg);
    }
  }

  evictAll(): void {
    for (const reg of [...this.parked.keys()]) this.evict(reg);
  }

  /** The register of a register variable, moving it home first if it is parked. */
  protected homeOf(sym: VarSym): Loc | undefined {
    const loc = this.env.get(sym);
    if (loc?.k === 'reg' && this.parked.has(loc.reg)) this.evict(loc.reg);
    return this.env.get(sym);
  }
  label(): Label {
    return { label: true, id: this.labels++ };
  }
  place(l: Label): void {
    this.evictAll();
    this.code.push(l);
  }
  ja(l: Label): void {
    this.emit(ins(Cls.JMP | Jmp.JA), { jump: l });
  }

  protected at(e: { pos: Pos }): Pos {
    const prev = this.loc;
    this.loc = e.pos;
    return prev;
  }

  // ---- values ------------------------------------------------------------------------------

  /** Evaluate e; returns its temporary (null for void). `used` = false for expression statements. */
  gen(e: Expr, used = true): Tmp | null {
    const prev = this.at(e);
    try {
      return this.genInner(e, used);
    } finally {
      this.loc = prev;
    }
  }

  /** Evaluate e that must have a value. */
  val(e: Expr): Tmp {
    const t = this.gen(e);
    if (!t) fail(Code.type, 'void value not ignored as it ought to be', e.pos);
    return t;
  }

  constant(v: bigint, ty: Type, into?: Tmp): Tmp {
    const t = into ?? this.regs.alloc();
    if (!wide(ty)) this.emit(aluK(Alu.MOV, false, t.reg, Number(BigInt.asIntN(32, v))));
    else if (fitsS32(BigInt.asIntN(64, v))) this.emit(aluK(Alu.MOV, true, t.reg, Number(BigInt.asIntN(64, v))));
    else this.emit(lddw(t.reg, v));
    return t;
  }

  private genInner(e: Expr, used: boolean): Tmp | null {
    switch (e.k) {
      case 'num':
        return this.constant(e.v, e.ty);
      case 'var': {
        const loc = this.env.get(e.sym);
        if (loc?.k === 'reg') return this.parked.get(loc.reg)?.tmp ?? this.borrow(loc.reg);
        return this.load(this.addr(e), e.ty);
      }
      case 'deref':
      case 'member':
        if (e.ty.k === 'struct' || e.ty.k === 'arr')
          fail(Code.unsupported, `using a value of type '${typeName(e.ty)}' here is not supported`, e.pos);
        return this.load(this.addr(e), e.ty);
      case 'addr':
        return this.addrOf(e.e);
      case 'str':
        return fail(
          Code.unsupported,
          'string literals are only supported as char array initializers (e.g. char fmt[] = "...")',
          e.pos,
        );
      case 'cast': {
        const t = this.gen(e.e, used && e.ty.k !== 'void');
        if (e.ty.k === 'void') {
          this.regs.free(t);
          return null;
        }
        return this.convert(t!, e.e.ty, e.ty);
      }
      case 'bin':
        return this.binary(e);
      case 'cmp':
      case 'not':
        return this.condValue(e);
      case 'land':
      case 'lor': {
        this.regs.spillAll();
        const f = this.label();
        const end = this.label();
        this.branch(e, false, f);
        const t = this.regs.alloc();
        this.emit(aluK(Alu.MOV, false, t.reg, 1));
        this.ja(end);
        this.place(f);
        this.emit(aluK(Alu.MOV, false, t.reg, 0));
        this.place(end);
        return t;
      }
      case 'neg':
      case 'bnot': {
        const t = this.regs.own(this.val(e.e));
        if (e.k === 'neg') this.emit(aluK(Alu.NEG, wide(e.ty), t.reg, 0));
        else this.emit(aluK(Alu.XOR, wide(e.ty), t.reg, -1));
        return t;
      }
      case 'padd': {
        const p = this.regs.own(this.val(e.p));
        if (e.i.k === 'num') {
          const d = BigInt.asIntN(64, e.i.v) * BigInt(e.scale) * (e.sub ? -1n : 1n);
          if (fitsS32(d)) {
            if (d !== 0n) this.emit(aluK(Alu.ADD, true, this.regs.r(p), Number(d)));
            return p;
          }
        }
        const i = this.scaled(this.val(e.i), e.scale);
        const [rp, ri] = this.regs.rs(p, i);
        this.emit(aluX(e.sub ? Alu.SUB : Alu.ADD, true, rp, ri));
        this.regs.free(i);
        return p;
      }
      case 'pdiff': {
        const l = this.regs.own(this.val(e.l));
        const r = this.val(e.r);
        const [rl, rr] = this.regs.rs(l, r);
        this.emit(aluX(Alu.SUB, true, rl, rr));
        this.regs.free(r);
        if (e.scale > 1) {
          const sh = Math.log2(e.scale);
          if (Number.isInteger(sh)) this.emit(aluK(Alu.ARSH, true, rl, sh));
          else this.emit({ ...aluK(Alu.DIV, true, rl, e.scale), off: 1 });
        }
        return l;
      }
      case 'cond':
        return this.condExpr(e, used);
      case 'comma':
        this.regs.free(this.gen(e.a, false));
        return this.gen(e.b, used);
      case 'assign':
        return this.assign(e.l, e.r, used);
      case 'opassign':
        return this.opAssign(e, used);
      case 'incdec':
        return this.incDec(e, used);
      case 'call':
        if (e.fn.inline === 'never') return this.callFn(e.fn, e.args, e.ty, e.pos);
        return this.inlineCall(e.fn, e.args, used);
      case 'helper':
        return this.callHelper(e.id, e.args, e.ty);
      case 'atomic':
        return this.atomicOp(e, used);
      case 'cas':
        return this.cas(e);
      case 'xchg': {
        const a = this.ptrAddr(e.p);
        const v = this.regs.own(this.val(e.v));
        const [rb, rv] = this.regs.rs(a.base, v);
        this.emit(atomic(this.width(e.ty) as 4 | 8, rb, rv, a.off, AtomicOp.XCHG));
        this.regs.free(a.base);
        return v;
      }
      case 'bswap': {
        const t = this.regs.own(this.val(e.e));
        this.emit(ins(Cls.ALU | Alu.END | X, this.regs.r(t), 0, 0, e.bits));
        return t;
      }
      case 'stmtexpr': {
        this.regs.spillAll();
        this.lowerStmts(e.body);
        return e.last ? this.gen(e.last, used) : null;
      }
      case 'memset': {
        const a = this.ptrAddr(e.p);
        this.zero(a, e.size, this.alignOfPtr(e.p));
        this.regs.free(a.base);
        return null;
      }
      case 'memcpy': {
        const d = this.ptrAddr(e.dst);
        const s = this.ptrAddr(e.src);
        this.copy(d, s, e.size, Math.min(this.alignOfPtr(e.dst), this.alignOfPtr(e.src)));
        this.regs.free(d.base);
        this.regs.free(s.base);
        return null;
      }
    }
  }

  private alignOfPtr(p: Expr): number {
    let e = p;
    while (e.k === 'cast') e = e.e;
    if (e.k === 'addr' && (e.e.ty.k === 'struct' || e.e.ty.k === 'arr' || e.e.ty.k === 'int')) {
      const t = e.e.ty;
      return t.k === 'struct' ? t.s.align : t.k === 'int' ? t.size : 1;
    }
    return 1;
  }

  borrow(reg: number): Tmp {
    return new Tmp(reg, true);
  }

  /** i * scale (as a 64-bit value) in an owned temporary. */
  private scaled(i0: Tmp, scale: number): Tmp {
    if (scale === 1) return i0;
    const i = this.regs.own(i0);
    const sh = Math.log2(scale);
    if (Number.isInteger(sh)) this.emit(aluK(Alu.LSH, true, this.regs.r(i), sh));
    else this.emit(aluK(Alu.MUL, true, this.regs.r(i), scale));
    return i;
  }

  // ---- conversions ---------------------------------------------------------------------------

  convert(t: Tmp, from: Type, to: Type): Tmp {
    if (to.k === 'void') return t;
    if (from.k !== 'int' && from.k !== 'ptr') return t;
    const fs = sizeOf(from.k === 'ptr' ? { k: 'int', size: 8, signed: false, name: '' } : from);
    if (to.k === 'int' && to.bool) {
      if (from.k === 'int' && from.bool) return t;
      const r = this.regs.alloc();
      const [rt, rr] = this.regs.rs(t, r);
      const skip = this.label();
      this.emit(aluK(Alu.MOV, false, rr, 1));
      this.emit(ins((fs === 8 ? Cls.JMP : Cls.JMP32) | Jmp.JNE, rt, 0, 0, 0), { jump: skip });
      this.emit(aluK(Alu.MOV, false, rr, 0));
      this.place(skip);
      this.regs.free(t);
      return r;
    }
    const ts = to.k === 'ptr' ? 8 : sizeOf(to);
    if (ts === 8) {
      if (fs === 8 || !signedT(from)) return t;
      const o = this.regs.own(t);
      this.emit(aluK(Alu.LSH, true, this.regs.r(o), 32));
      this.emit(aluK(Alu.ARSH, true, this.regs.r(o), 32));
      return o;
    }
    if (ts === 4) {
      if (fs < 8) return t;
      const o = this.regs.own(t);
      const r = this.regs.r(o);
      this.emit(aluX(Alu.MOV, false, r, r));
      return o;
    }
    // 1 or 2 bytes
    if (fs === ts && signedT(from) === signedT(to)) return t;
    if (fs < ts && (!signedT(from) || signedT(to))) return t;
    return this.normalize(this.regs.own(t), to);
  }

  /** Bring a register to the canonical form of a 1/2-byte type after arithmetic. */
  normalize(t: Tmp, ty: Type): Tmp {
    const s = sizeOf(ty);
    if (ty.k !== 'int' || s > 2) return t;
    const r = this.regs.r(t);
    if (ty.bool) return t;
    if (ty.signed) {
      this.emit(aluK(Alu.LSH, false, r, 32 - s * 8));
      this.emit(aluK(Alu.ARSH, false, r, 32 - s * 8));
    } else this.emit(aluK(Alu.AND, false, r, s === 1 ? 0xff : 0xffff));
    return t;
  }

  // ---- memory ----------------------------------------------------------------------------------

  /** Address of an lvalue as base register + constant offset. */
  addr(e: Expr): Addr {
    const prev = this.at(e);
    try {
      return this.fixOff(this.addrInner(e));
    } finally {
      this.loc = prev;
    }
  }

  private fixOff(a: Addr): Addr {
    if (fitsS16(a.off) && fitsS16(a.off + 8)) return a;
    const b = this.regs.own(a.base);
    this.emit(aluK(Alu.ADD, true, this.regs.r(b), a.off));
    return { base: b, off: 0 };
  }

  private addrInner(e: Expr): Addr {
    switch (e.k) {
      case 'var': {
        const loc = this.env.get(e.sym);
        if (loc?.k === 'stack') return { base: R10, off: loc.off };
        if (loc?.k === 'reg')
          fail(Code.internal, `internal error: address of register variable '${e.sym.name}'`, e.pos);
        const g = this.data.globalAt.get(e.sym);
        if (g) {
          const t = this.regs.alloc();
          this.emit({ ...lddw(t.reg, (BigInt(g.off) << 32n) | BigInt(g.map), 2), imm: g.map });
          return { base: t, off: 0 };
        }
        if (this.data.mapIndex.has(e.sym))
          fail(Code.unsupported, `map '${e.sym.name}' can only be used through its address (&${e.sym.name})`, e.pos);
        return fail(Code.undeclared, `variable '${e.sym.name}' has no storage here`, e.pos);
      }
      case 'deref':
        return this.ptrAddr(e.p);
      case 'member': {
        const a = this.addr(e.base);
        return { base: a.base, off: a.off + e.off };
      }
      default:
        fail(Code.type, 'expression is not an lvalue', e.pos);
    }
  }

  /** Address that pointer expression p points to (folding constant offsets into the access). */
  ptrAddr(p: Expr): Addr {
    if (p.k === 'addr' && p.e.k !== 'str' && !(p.e.k === 'var' && this.data.mapIndex.has(p.e.sym)))
      return this.addr(p.e);
    if (p.k === 'padd' && p.i.k === 'num') {
      const d = Number(BigInt.asIntN(64, p.i.v)) * p.scale * (p.sub ? -1 : 1);
      if (fitsS16(d)) {
        const a = this.ptrAddr(p.p);
        return this.fixOff({ base: a.base, off: a.off + d });
      }
    }
    return { base: this.val(p), off: 0 };
  }

  /** Materialise &lvalue in a register. */
  addrOf(e: Expr): Tmp {
    if (e.k === 'var' && this.data.mapIndex.has(e.sym)) {
      const t = this.regs.alloc();
      this.emit(lddw(t.reg, BigInt(this.data.mapIndex.get(e.sym)!), 1));
      return t;
    }
    if (e.k === 'str')
      fail(
        Code.unsupported,
        'string literals are only supported as char array initializers (e.g. char fmt[] = "...")',
        e.pos,
      );
    const a = this.addr(e);
    if (a.off === 0 && !a.base.borrowed) return a.base;
    const t = this.regs.own(a.base);
    if (a.off) this.emit(aluK(Alu.ADD, true, this.regs.r(t), a.off));
    return t;
  }

  load(a: Addr, ty: Type): Tmp {
    const w = this.width(ty);
    const base = this.regs.r(a.base);
    this.regs.free(a.base);
    const t = this.regs.alloc();
    this.emit(ldx(w, t.reg, base, a.off));
    if (w < 4 && signedT(ty)) this.normalize(t, ty);
    return t;
  }

  store(a: Addr, v: Tmp, ty: Type): void {
    const [rb, rv] = this.regs.rs(a.base, v);
    this.emit(stx(this.width(ty), rb, rv, a.off));
  }

  zero(a: Addr, size: number, align: number): void {
    let off = 0;
    const rb = this.regs.r(a.base);
    while (off < size) {
      const w =
        ([8, 4, 2, 1] as Width[]).find((c) => c <= size - off && c <= Math.max(align, 1) && (a.off + off) % c === 0) ??
        1;
      this.emit(st(w, rb, a.off + off, 0));
      off += w;
    }
  }

  copy(d: Addr, s: Addr, size: number, align: number): void {
    let off = 0;
    while (off < size) {
      const w = ([8, 4, 2, 1] as Width[]).find((c) => c <= size - off && c <= Math.max(align, 1)) ?? 1;
      const t = this.regs.alloc();
      const [rs, rt] = this.regs.rs(s.base, t);
      this.emit(ldx(w, rt, rs, s.off + off));
      const [rd, rt2] = this.regs.rs(d.base, t);
      this.emit(stx(w, rd, rt2, d.off + off));
      this.regs.free(t);
      off += w;
    }
  }

  // ---- operators -----------------------------------------------------------------------------

  private binary(e: Expr & { k: 'bin' }): Tmp {
    const l = this.val(e.l);
    let op = ALU_OF[e.op];
    if (e.op === '>>' && signedT(e.ty)) op = Alu.ARSH;
    const sdiv = (e.op === '/' || e.op === '%') && signedT(e.ty);
    const w = wide(e.ty);
    if (e.r.k === 'num' && (w ? fitsS32(BigInt.asIntN(64, e.r.v)) : true)) {
      const o = this.regs.own(l);
      this.aluImm(e.op, op, sdiv, w, this.regs.r(o), e.r.v);
      return o;
    }
    const r = this.val(e.r);
    const o = this.regs.own(l);
    const [ro, rr] = this.regs.rs(o, r);
    this.emit({ ...aluX(op, w, ro, rr), off: sdiv ? 1 : 0 });
    this.regs.free(r);
    return o;
  }

  /**
   * `reg op= constant`, with the strength reductions clang makes and the verifier relies on:
   * unsigned x / 2^k and x % 2^k become shifts and masks (the kernel tracks `&` and `>>`
   * precisely but not `/` and `%`), x * 2^k a left shift.
   */
  private aluImm(c: string, op: number, signed: boolean, w: boolean, reg: number, v0: bigint): void {
    const v = BigInt.asUintN(w ? 64 : 32, v0);
    const k = v > 0n && (v & (v - 1n)) === 0n ? v.toString(2).length - 1 : -1;
    if (k >= 0 && !signed && (c === '/' || c === '%' || c === '*')) {
      if (c === '%') this.emit(aluK(Alu.AND, w, reg, Number(BigInt.asIntN(32, v - 1n))));
      else if (k > 0) this.emit(aluK(c === '/' ? Alu.RSH : Alu.LSH, w, reg, k));
      return;
    }
    if (k >= 0 && c === '*') {
      if (k > 0) this.emit(aluK(Alu.LSH, w, reg, k));
      return;
    }
    this.emit({ ...aluK(op, w, reg, Number(BigInt.asIntN(32, v0))), off: signed ? 1 : 0 });
  }

  /** A comparison or `!` as a 0/1 value. */
  private condValue(e: Expr & { k: 'cmp' | 'not' }): Tmp {
    const done = this.label();
    if (e.k === 'not') {
      const a = this.val(e.e);
      const t = this.regs.alloc();
      const [ra, rt] = this.regs.rs(a, t);
      this.emit(aluK(Alu.MOV, false, rt, 1));
      this.emit(ins((wide(e.e.ty) ? Cls.JMP : Cls.JMP32) | Jmp.JEQ, ra, 0, 0, 0), { jump: done });
      this.emit(aluK(Alu.MOV, false, rt, 0));
      this.place(done);
      this.regs.free(a);
      return t;
    }
    const [a, b] = this.cmpOperands(e);
    const t = this.regs.alloc();
    this.emit(aluK(Alu.MOV, false, this.regs.r(t), 1));
    this.cmpJump(e.op, e.signed, wide(e.l.ty), a, b, done);
    this.emit(aluK(Alu.MOV, false, this.regs.r(t), 0));
    this.place(done);
    return t;
  }

  private cmpOperands(e: Expr & { k: 'cmp' }): [Tmp, Tmp | bigint] {
    const a = this.val(e.l);
    if (e.r.k === 'num' && (wide(e.r.ty) ? fitsS32(BigInt.asIntN(64, e.r.v)) : true)) return [a, e.r.v];
    return [a, this.val(e.r)];
  }

  /** Jump to `to` if (a op b); frees a and b. */
  private cmpJump(op: string, signed: boolean, w: boolean, a: Tmp, b: Tmp | bigint, to: Label): void {
    const code = (w ? Cls.JMP : Cls.JMP32) | JMP_OF[op][signed ? 1 : 0];
    if (typeof b === 'bigint') {
      const ra = this.regs.r(a);
      this.emit(ins(code, ra, 0, 0, Number(BigInt.asIntN(32, b))), { jump: to });
    } else {
      const [ra, rb] = this.regs.rs(a, b);
      this.emit(ins(code | X, ra, rb, 0, 0), { jump: to });
      this.regs.free(b);
    }
    this.regs.free(a);
  }

  /** Jump to `to` when the truth of e equals `when`; fall through otherwise. */
  branch(e: Expr, when: boolean, to: Label): void {
    const prev = this.at(e);
    try {
      if (e.k === 'num') {
        if ((e.v !== 0n) === when) this.ja(to);
      } else if (e.k === 'not') this.branch(e.e, !when, to);
      else if (e.k === 'land' || e.k === 'lor') {
        const isAnd = e.k === 'land';
        if (isAnd !== when) {
          this.branch(e.l, when, to);
          this.branch(e.r, when, to);
        } else {
          const skip = this.label();
          this.branch(e.l, !when, skip);
          this.branch(e.r, when, to);
          this.place(skip);
        }
      } else if (e.k === 'cmp') {
        let op = when ? e.op : NEGATE[e.op];
        let l = e.l;
        let r = e.r;
        if (l.k === 'num' && r.k !== 'num') {
          [l, r] = [r, l];
          op = MIRROR[op];
        }
        const [a, b] = this.cmpOperands({ ...e, l, r });
        this.cmpJump(op, e.signed, wide(e.l.ty), a, b, to);
      } else {
        const t = this.val(e);
        const ra = this.regs.r(t);
        this.emit(ins((wide(e.ty) ? Cls.JMP : Cls.JMP32) | (when ? Jmp.JNE : Jmp.JEQ), ra, 0, 0, 0), { jump: to });
        this.regs.free(t);
      }
    } finally {
      this.loc = prev;
    }
  }

  private condExpr(e: Expr & { k: 'cond' }, used: boolean): Tmp | null {
    this.regs.spillAll();
    const other = this.label();
    const end = this.label();
    this.branch(e.c, false, other);
    const a0 = this.gen(e.a, used);
    const a = a0 && this.regs.own(a0);
    const reg = a ? this.regs.r(a) : -1;
    this.regs.free(a);
    this.ja(end);
    this.place(other);
    const b0 = this.gen(e.b, used);
    const b = b0 && this.regs.own(b0);
    if (b && reg >= 0) this.regs.moveTo(b, reg);
    this.place(end);
    if (!a || !b) {
      this.regs.free(b);
      return null;
    }
    return b;
  }

  private assign(l: Expr, r: Expr, used: boolean): Tmp | null {
    const loc = l.k === 'var' ? this.homeOf(l.sym) : undefined;
    if (loc?.k === 'reg') {
      if (r.k === 'num') {
        this.constant(r.v, r.ty, this.borrow(loc.reg));
        return used ? this.borrow(loc.reg) : null;
      }
      const v = this.val(r);
      const rv = this.regs.r(v);
      if (rv !== loc.reg) this.emit(aluX(Alu.MOV, true, loc.reg, rv));
      this.regs.free(v);
      return used ? this.borrow(loc.reg) : null;
    }
    if (l.ty.k === 'struct') {
      const s = this.addr(r);
      const d = this.addr(l);
      this.copy(d, s, sizeOf(l.ty), l.ty.s.align);
      this.regs.free(s.base);
      this.regs.free(d.base);
      return null;
    }
    const v = this.val(r);
    const a = this.addr(l);
    this.store(a, v, l.ty);
    this.regs.free(a.base);
    if (!used) {
      this.regs.free(v);
      return null;
    }
    return v;
  }

  /** `l op= r` and `++/--`: read, compute in opTy, convert back, write. */
  private opAssign(e: Expr & { k: 'opassign' }, used: boolean): Tmp | null {
    const loc = e.l.k === 'var' ? this.homeOf(e.l.sym) : undefined;
    const a = loc?.k === 'reg' ? null : this.addr(e.l);
    // A register variable whose width the operation keeps is updated in place (w6 += w7).
    const size = (t: Type) => (t.k === 'ptr' ? 8 : sizeOf(t));
    const inPlace = loc?.k === 'reg' && size(e.l.ty) === size(e.opTy) && size(e.opTy) >= 4;
    let cur = a
      ? this.loadKeep(a, e.l.ty)
      : inPlace
        ? this.borrow((loc as { reg: number }).reg)
        : this.regs.own(this.borrow((loc as { reg: number }).reg));
    cur = this.convert(cur, e.l.ty, e.opTy);
    if (e.scale !== 1 || isPtr(e.opTy)) {
      const r = this.scaled(this.val(e.r), e.scale);
      const [rc, rr] = this.regs.rs(cur, r);
      this.emit(aluX(ALU_OF[e.op], true, rc, rr));
      this.regs.free(r);
    } else {
      let op = ALU_OF[e.op];
      if (e.op === '>>' && signedT(e.opTy)) op = Alu.ARSH;
      const sdiv = (e.op === '/' || e.op === '%') && signedT(e.opTy);
      const w = wide(e.opTy);
      if (e.r.k === 'num' && (w ? fitsS32(BigInt.asIntN(64, e.r.v)) : true)) {
        this.aluImm(e.op, op, sdiv, w, this.regs.r(cur), e.r.v);
      } else {
        const r = this.val(e.r);
        const [rc, rr] = this.regs.rs(cur, r);
        this.emit({ ...aluX(op, w, rc, rr), off: sdiv ? 1 : 0 });
        this.regs.free(r);
      }
    }
    const res = this.convert(cur, e.opTy, e.l.ty);
    return this.writeBack(e.l, a, loc, res, used);
  }

  private loadKeep(a: Addr, ty: Type): Tmp {
    const w = this.width(ty);
    const t = this.regs.alloc();
    const [rb, rt] = this.regs.rs(a.base, t);
    this.emit(ldx(w, rt, rb, a.off));
    if (w < 4 && signedT(ty)) this.normalize(t, ty);
    return t;
  }

  private writeBack(l: Expr, a: Addr | null, loc: Loc | undefined, v: Tmp, used: boolean): Tmp | null {
    if (a) {
      this.store(a, v, l.ty);
      this.regs.free(a.base);
    } else {
      const reg = (loc as { reg: number }).reg;
      const rv = this.regs.r(v);
      if (rv !== reg) this.emit(aluX(Alu.MOV, true, reg, rv));
    }
    if (!used) {
      this.regs.free(v);
      return null;
    }
    return v;
  }

  private incDec(e: Expr & { k: 'incdec' }, used: boolean): Tmp | null {
    const loc = e.l.k === 'var' ? this.homeOf(e.l.sym) : undefined;
    const w = wide(e.ty);
    if (loc?.k === 'reg') {
      const old = used && e.post ? this.regs.own(this.borrow(loc.reg)) : null;
      this.emit(this.step(e, w, loc.reg));
      if (sizeOf(e.ty) < 4) this.normalize(this.borrow(loc.reg), e.ty);
      return old ?? (used ? this.borrow(loc.reg) : null);
    }
    const a = this.addr(e.l);
    const cur = this.loadKeep(a, e.ty);
    let old: Tmp | null = null;
    if (used && e.post) {
      old = this.regs.alloc();
      const [ro, rc] = this.regs.rs(old, cur);
      this.emit(aluX(Alu.MOV, true, ro, rc));
    }
    this.emit(this.step(e, w, this.regs.r(cur)));
    if (sizeOf(e.ty) < 4) this.normalize(cur, e.ty);
    this.store(a, cur, e.ty);
    this.regs.free(a.base);
    if (old) {
      this.regs.free(cur);
      return old;
    }
    if (!used) {
      this.regs.free(cur);
      return null;
    }
    return cur;
  }

  // ---- calls and atomics --------------------------------------------------------------------------

  /** Put argument temporaries into r1..rN for a call; everything else live is spilled. */
  protected placeArgs(vals: Tmp[]): void {
    this.regs.spillAll(vals);
    for (let k = 0; k < vals.length; k++) this.regs.moveTo(vals[k], k + 1);
  }

  protected callHelper(id: number, args: Expr[], ty: Type): Tmp | null {
    // a variable parked in an argument register goes home first, so arguments land in place
    for (let r = 1; r <= args.length; r++) this.evict(r);
    const vals = args.map((a) => this.val(a));
    const owned = vals.map((v) => (v.borrowed ? this.regs.own(v) : v));
    this.placeArgs(owned);
    this.emit(call(id));
    for (const v of owned) this.regs.free(v);
    if (ty.k === 'void') return null;
    return this.regs.take(0, false);
  }

  protected callFn(f: FuncSym, args: Expr[], ty: Type, at: Pos): Tmp | null {
    if (!f.body) fail(Code.type, `function '${f.name}' is declared but never defined`, at);
    this.callees.add(f);
    for (let r = 1; r <= args.length; r++) this.evict(r);
    const vals = args.map((a) => this.regs.own(this.val(a)));
    this.placeArgs(vals);
    this.emit(call(-1, 1), { callee: f });
    for (const v of vals) this.regs.free(v);
    if (ty.k === 'void') return null;
    return this.regs.take(0, false);
  }

  private atomicOp(e: Expr & { k: 'atomic' }, used: boolean): Tmp | null {
    const a = this.ptrAddr(e.p);
    const w = this.width(e.ty) as 4 | 8;
    const wideOp = w === 8;
    const v = this.val(e.v);
    const keep = e.ret === 'new' && used ? this.regs.own(v) : null;
    const t = keep ? this.regs.alloc() : this.regs.own(v);
    if (keep) {
      const [rt, rk] = this.regs.rs(t, keep);
      this.emit(aluX(Alu.MOV, true, rt, rk));
    }
    if (e.op === 'sub') this.emit(aluK(Alu.NEG, wideOp, this.regs.r(t), 0));
    const base = { add: AtomicOp.ADD, sub: AtomicOp.ADD, or: AtomicOp.OR, and: AtomicOp.AND, xor: AtomicOp.XOR }[e.op];
    const [rb, rt] = this.regs.rs(a.base, t);
    this.emit(atomic(w, rb, rt, a.off, base | (used ? AtomicOp.FETCH : 0)));
    this.regs.free(a.base);
    if (!used) {
      this.regs.free(t);
      return null;
    }
    if (keep) {
      const op = { add: Alu.ADD, sub: Alu.SUB, or: Alu.OR, and: Alu.AND, xor: Alu.XOR }[e.op];
      const [r1, r2] = this.regs.rs(t, keep);
      this.emit(aluX(op, wideOp, r1, r2));
      this.regs.free(keep);
    }
    return t;
  }

  private cas(e: Expr & { k: 'cas' }): Tmp {
    const a = this.ptrAddr(e.p);
    const w = this.width(e.p.ty.k === 'ptr' ? e.p.ty.to : e.ty) as 4 | 8;
    const old = this.val(e.old);
    const nu = this.val(e.nu);
    let keep: Tmp | null = null;
    if (e.bool && e.old.k !== 'num') {
      keep = this.regs.alloc();
      const [rk, ro0] = this.regs.rs(keep, old);
      this.emit(aluX(Alu.MOV, true, rk, ro0));
    }
    const r0 = this.regs.take(0);
    const ro = this.regs.r(old);
    this.emit(aluX(Alu.MOV, w === 8, 0, ro));
    this.regs.free(old);
    const [, rb, rn] = this.regs.rs(r0, a.base, nu);
    this.emit(atomic(w, rb, rn, a.off, AtomicOp.CMPXCHG));
    this.regs.free(a.base);
    this.regs.free(nu);
    if (!e.bool) return r0;
    const done = this.label();
    const t = this.regs.alloc();
    this.emit(aluK(Alu.MOV, false, this.regs.r(t), 1));
    const cmp = (w === 8 ? Cls.JMP : Cls.JMP32) | Jmp.JEQ;
    if (keep) {
      const [a0, ak] = this.regs.rs(r0, keep);
      this.emit(ins(cmp | X, a0, ak), { jump: done });
      this.regs.free(keep);
    } else
      this.emit(ins(cmp, this.regs.r(r0), 0, 0, Number(BigInt.asIntN(32, (e.old as { v: bigint }).v))), { jump: done });
    this.emit(aluK(Alu.MOV, false, this.regs.r(t), 0));
    this.place(done);
    this.regs.free(r0);
    return t;
  }

  /** The ++/-- instruction: an add, except on _Bool (++ makes it 1, -- flips 0 and 1). */
  private step(e: Expr & { k: 'incdec' }, w: boolean, reg: number): Insn {
    if (e.ty.k === 'int' && e.ty.bool) return e.delta > 0 ? aluK(Alu.MOV, false, reg, 1) : aluK(Alu.XOR, false, reg, 1);
    return aluK(Alu.ADD, w, reg, e.delta);
  }

  /** Bytes a register value of type t occupies in memory (1, 2, 4 or 8). */
  protected width(t: Type): Width {
    const s = t.k === 'ptr' ? 8 : sizeOf(t);
    if (s !== 1 && s !== 2 && s !== 4 && s !== 8) {
      fail(
        Code.unsupported,
        `values of type '${typeName(t)}' cannot be used here (copy them field by field or use a pointer)`,
        this.loc,
      );
    }
    return s;
  }

  protected isIntType(t: Type): boolean {
    return isInt(t);
  }
}
