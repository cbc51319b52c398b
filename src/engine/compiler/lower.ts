/**
 * Lowering of functions and statements: one BPF function (a program's entry or a `noinline`
 * subprogram) into labelled instructions, with `static`/`inline` callees expanded in place.
 * Locals get r6–r9 when they are scalars whose address is never taken (so NULL checks and loop
 * bounds act on the very register the verifier tracks), else 8-byte-aligned stack slots.
 * Jump offsets and call targets are resolved later by emit.ts.
 */
import type { Expr, FuncSym, Stmt, VarSym } from './ast.ts';
import { Code, fail } from './diag.ts';
import type { DataLayout } from './globals.ts';
import { ExprGen, type Label } from './lower-expr.ts';
import { R10, type Tmp } from './lower-regs.ts';
import { Alu, aluK, aluX, Cls, exit, ins, Jmp, lddw, st } from './ops.ts';
import { isScalar, sizeOf } from './types.ts';

interface InlineCtx {
  fn: FuncSym;
  ret: Label | null;
  /** The single trailing `return e` is evaluated in place instead of jumping. */
  tail: Stmt | null;
}

export class FnGen extends ExprGen {
  private calleeFree = [9, 8, 7, 6];
  private loops: { brk: Label; cont: Label | null }[] = [];
  private inl: InlineCtx | null = null;
  private inlining: FuncSym[] = [];

  constructor(
    data: DataLayout,
    private fn: FuncSym,
  ) {
    super(data, fn.pos);
  }

  /** Lower the whole function: entry moves parameters from r1..r5 to their homes. */
  run(): void {
    if (this.fn.params.length > 5) fail(Code.unsupported, 'functions take at most 5 arguments in BPF', this.fn.pos);
    const incoming = this.fn.params.map((_, k) => this.regs.take(k + 1, false));
    this.fn.params.forEach((p, k) => {
      const home = this.parkable(p) ? this.calleeFree.pop() : undefined;
      if (home !== undefined && this.fn.params.length === 1) {
        // the context stays in r1 until the first call or jump, as clang leaves it
        this.regs.free(incoming[k]);
        this.park(p, 1, home);
      } else if (home !== undefined) {
        this.calleeFree.push(home);
        this.bind(p, incoming[k]);
      } else if (p.uses > 0 || p.addrTaken) this.bind(p, incoming[k]);
      else this.regs.free(incoming[k]);
    });
    this.inlining.push(this.fn);
    const body = this.fn.body!;
    this.lowerStmt(body);
    const last = body.k === 'block' ? body.body[body.body.length - 1] : body;
    if (last?.k !== 'return') {
      this.loc = body.pos;
      this.emit(aluK(Alu.MOV, true, 0, 0));
      this.emit(exit());
    }
  }

  // ---- locals ------------------------------------------------------------------------------

  /** Give a local its home and, if `v` is given, store it there. */
  private bind(sym: VarSym, v: Tmp | null): void {
    const reg = isScalar(sym.ty) && !sym.addrTaken ? this.calleeFree.pop() : undefined;
    if (reg !== undefined) {
      this.env.set(sym, { k: 'reg', reg });
      if (v) {
        this.emit(aluX(Alu.MOV, true, reg, this.regs.r(v)));
        this.regs.free(v);
      }
      return;
    }
    const off = this.frame.alloc(sizeOf(sym.ty));
    this.env.set(sym, { k: 'stack', off });
    if (v) {
      this.store({ base: R10, off }, v, sym.ty);
      this.regs.free(v);
    }
  }

  private parkable(sym: VarSym): boolean {
    return sym.uses > 0 && isScalar(sym.ty) && !sym.addrTaken && this.calleeFree.length > 0;
  }

  private scope<T>(body: () => T): T {
    const saved = [...this.calleeFree];
    const parkedBefore = new Set(this.parked.keys());
    const frame = this.frame.mark();
    try {
      return body();
    } finally {
      this.calleeFree = saved;
      this.frame.reset(frame);
      // variables parked inside the scope are dead now: forget them without moving them home
      for (const reg of [...this.parked.keys()]) {
        if (!parkedBefore.has(reg)) {
          this.parked.delete(reg);
          this.regs.release(reg);
        }
      }
    }
  }

  private decl(s: Stmt & { k: 'decl' }): void {
    const sym = s.sym;
    if (isScalar(sym.ty) && !sym.addrTaken) {
      const init = s.init?.[0];
      if (init?.e.k === 'num') {
        // constants go straight into the variable's register (w6 = 0), as clang does
        this.bind(sym, null);
        const loc = this.env.get(sym)!;
        if (loc.k === 'reg') this.constant(init.e.v, init.e.ty, this.borrow(loc.reg));
        else {
          const v = this.val(init.e);
          this.store({ base: R10, off: loc.off }, v, sym.ty);
          this.regs.free(v);
        }
        return;
      }
      let src: Expr | undefined = init?.e;
      while (src?.k === 'cast' && src.ty.k === 'ptr' && src.e.ty.k === 'ptr') src = src.e;
      if (init && (src?.k === 'helper' || (src?.k === 'call' && src.fn.inline === 'never')) && this.parkable(sym)) {
        // a call's result stays in r0 until the next call or jump (see ExprGen.park)
        const v = this.val(init.e);
        if (v.reg === 0 && !v.borrowed) {
          this.regs.free(v);
          this.park(sym, 0, this.calleeFree.pop()!);
          return;
        }
        this.bind(sym, v);
        return;
      }
      this.bind(sym, init ? this.val(init.e) : null);
      return;
    }
    this.bind(sym, null);
    const loc = this.env.get(sym)!;
    if (loc.k !== 'stack') return;
    if (s.zero) this.zero({ base: R10, off: loc.off }, Math.ceil(sizeOf(sym.ty) / 8) * 8, 8);
    for (const it of s.init ?? []) {
      const at = { base: R10, off: loc.off + it.off };
      if (it.e.k === 'str') {
        this.bytes(loc.off + it.off, it.e.bytes);
      } else if (it.ty.k === 'struct') {
        const src = this.addr(it.e);
        this.copy(at, src, sizeOf(it.ty), it.ty.s.align);
        this.regs.free(src.base);
      } else {
        if (s.zero && it.e.k === 'num' && it.e.v === 0n) continue;
        const v = this.val(it.e);
        this.store(at, v, it.ty);
        this.regs.free(v);
      }
    }
  }

  /** Write constant bytes to the stack (char arrays from string literals). */
  private bytes(off: number, data: number[]): void {
    let k = 0;
    while (k < data.length) {
      const w = data.length - k >= 4 && (off + k) % 4 === 0 ? 4 : 1;
      let v = 0;
      for (let b = w - 1; b >= 0; b--) v = v * 256 + data[k + b];
      this.emit(st(w, 10, off + k, w === 4 ? v | 0 : v));
      k += w;
    }
  }

  // ---- statements --------------------------------------------------------------------------

  lowerStmts(body: Stmt[]): void {
    this.scope(() => {
      for (const s of body) this.lowerStmt(s);
    });
  }

  private lowerStmt(s: Stmt): void {
    const prev = this.loc;
    this.loc = s.pos;
    try {
      this.stmt(s);
    } finally {
      this.loc = prev;
    }
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'empty':
      case 'case':
      case 'default':
        return;
      case 'expr':
        this.regs.free(this.gen(s.e, false));
        return;
      case 'decl':
        this.decl(s);
        return;
      case 'block':
        this.lowerStmts(s.body);
        return;
      case 'if': {
        // `if (c) break;` / `if (c) continue;`: one conditional jump to the loop's label
        const only = s.a.k === 'block' && s.a.body.length === 1 ? s.a.body[0] : s.a;
        if (!s.b && (only.k === 'break' || only.k === 'continue')) {
          const l = [...this.loops].reverse().find((x) => only.k === 'break' || x.cont);
          if (l) {
            this.branch(s.c, true, only.k === 'break' ? l.brk : l.cont!);
            return;
          }
        }
        const other = this.label();
        this.branch(s.c, false, other);
        this.lowerStmt(s.a);
        if (s.b) {
          const end = this.label();
          this.ja(end);
          this.place(other);
          this.lowerStmt(s.b);
          this.place(end);
        } else this.place(other);
        return;
      }
      case 'while':
      case 'for': {
        const top = this.label();
        const cont = this.label();
        const brk = this.label();
        this.scope(() => {
          if (s.k === 'for' && s.init?.k === 'block') for (const d of s.init.body) this.lowerStmt(d);
          else if (s.k === 'for' && s.init) this.lowerStmt(s.init);
          this.place(top);
          const c = s.k === 'for' ? s.c : s.c;
          if (c) this.branch(c, false, brk);
          this.loops.push({ brk, cont });
          this.lowerStmt(s.body);
          this.loops.pop();
          this.place(cont);
          if (s.k === 'for' && s.step) {
            this.loc = s.step.pos;
            this.regs.free(this.gen(s.step, false));
          }
          this.ja(top);
          this.place(brk);
        });
        return;
      }
      case 'do': {
        const top = this.label();
        const cont = this.label();
        const brk = this.label();
        this.place(top);
        this.loops.push({ brk, cont });
        this.lowerStmt(s.body);
        this.loops.pop();
        this.place(cont);
        this.branch(s.c, true, top);
        this.place(brk);
        return;
      }
      case 'break':
      case 'continue': {
        const l = [...this.loops].reverse().find((x) => s.k === 'break' || x.cont);
        if (!l) fail(Code.parse, `'${s.k}' statement not in loop statement`, s.pos);
        this.ja(s.k === 'break' ? l.brk : l.cont!);
        return;
      }
      case 'switch':
        this.switchStmt(s);
        return;
      case 'return':
        this.returnStmt(s);
        return;
    }
  }

  private switchStmt(s: Stmt & { k: 'switch' }): void {
    const v = this.val(s.e);
    const w = sizeOf(s.e.ty) === 8;
    const labels = new Map<bigint, Label>();
    const brk = this.label();
    const def = s.hasDefault ? this.label() : brk;
    for (const c of s.cases) {
      const l = this.label();
      labels.set(c, l);
      const r = this.regs.r(v);
      if (!w || (c >= -(1n << 31n) && c < 1n << 31n)) {
        this.emit(ins((w ? Cls.JMP : Cls.JMP32) | Jmp.JEQ, r, 0, 0, Number(BigInt.asIntN(32, c))), { jump: l });
      } else {
        const t = this.regs.alloc();
        this.emit(lddw(t.reg, c));
        const [rv, rt] = this.regs.rs(v, t);
        this.emit(ins(Cls.JMP | Jmp.JEQ | 0x08, rv, rt), { jump: l });
        this.regs.free(t);
      }
    }
    this.regs.free(v);
    this.ja(def);
    this.loops.push({ brk, cont: null });
    const walk = (st: Stmt): void => {
      if (st.k === 'case') this.place(labels.get(st.v)!);
      else if (st.k === 'default') this.place(def);
      if (st.k === 'block') this.scope(() => st.body.forEach(walk));
      else this.lowerStmt(st);
    };
    walk(s.body);
    this.loops.pop();
    this.place(brk);
  }

  private returnStmt(s: Stmt & { k: 'return' }): void {
    const ctx = this.inl;
    if (ctx && ctx.tail === s) return; // evaluated by inlineCall
    let t: Tmp | null = null;
    if (s.e && s.e.k !== 'num') t = this.gen(s.e);
    if (!ctx) this.dropParked(); // nothing is live after the program returns
    if (s.e?.k === 'num') t = this.constant(s.e.v, s.e.ty, this.regs.take(0));
    const o = t && this.regs.own(t);
    if (o) this.regs.moveTo(o, 0);
    this.regs.free(o);
    if (ctx) {
      this.ja(ctx.ret!);
      return;
    }
    if (!t) this.emit(aluK(Alu.MOV, true, 0, 0));
    this.emit(exit());
  }

  // ---- inlining ----------------------------------------------------------------------------

  inlineCall(f: FuncSym, args: Expr[], used: boolean): Tmp | null {
    if (this.inlining.includes(f))
      fail(Code.unsupported, `recursive call to '${f.name}' is not supported in BPF`, this.loc);
    if (!f.body) fail(Code.type, `function '${f.name}' is declared but never defined`, this.loc);
    if (this.inlining.length > 32) fail(Code.limit, 'inlining nested too deeply', this.loc);
    const vals = args.map((a) => this.regs.own(this.val(a)));
    const savedLoops = this.loops;
    const savedInl = this.inl;
    const savedEnv = new Map(f.params.map((p) => [p, this.env.get(p)] as const));
    const body = f.body.k === 'block' ? f.body.body : [f.body];
    const last = body[body.length - 1];
    const returns = countReturns(f.body);
    const tail = last?.k === 'return' && returns === 1 ? last : null;
    this.inlining.push(f);
    try {
      return this.scope(() => {
        for (let k = 0; k < f.params.length; k++) {
          if (f.params[k].uses === 0 && !f.params[k].addrTaken) this.regs.free(vals[k]);
          else this.bind(f.params[k], vals[k]);
        }
        this.regs.spillAll();
        this.loops = [];
        this.inl = { fn: f, ret: tail ? null : this.label(), tail };
        let res: Tmp | null = null;
        for (const st of body) this.lowerStmt(st);
        if (tail?.k === 'return' && tail.e) {
          const prev = this.loc;
          this.loc = tail.pos;
          res = this.gen(tail.e, used);
          this.loc = prev;
        } else if (!tail) {
          this.place(this.inl.ret!);
          if (f.ty.ret.k !== 'void') res = this.regs.take(0, false);
        }
        return res;
      });
    } finally {
      this.inlining.pop();
      this.loops = savedLoops;
      this.inl = savedInl;
      for (const [p, l] of savedEnv) {
        if (l) this.env.set(p, l);
        else this.env.delete(p);
      }
    }
  }
}

function countReturns(s: Stmt, depth = 0): number {
  if (depth > 500) return 2;
  switch (s.k) {
    case 'return':
      return 1;
    case 'block':
      return s.body.reduce((n, x) => n + countReturns(x, depth + 1), 0);
    case 'if':
      return countReturns(s.a, depth + 1) + (s.b ? countReturns(s.b, depth + 1) : 0);
    case 'while':
    case 'do':
    case 'for':
    case 'switch':
      return countReturns(s.body, depth + 1);
    default:
      return 0;
  }
}
