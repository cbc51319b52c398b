/**
 * The checker: scopes, types and C conversions. The parser calls it for every declaration and
 * expression it recognises (one pass, like most C compilers), and it returns typed nodes with
 * implicit conversions made explicit, constant expressions folded, and errors in clang's
 * wording. It does not generate code and knows nothing about registers.
 */
import type { AtomicOp, BinOp, CmpOp, Expr, FuncSym, VarSym } from './ast.ts';
import { Code, fail, type Pos } from './diag.ts';
import {
  commonType,
  findField,
  type IntT,
  isComplete,
  isInt,
  isPtr,
  isScalar,
  promote,
  ptrTo,
  type StructDef,
  sameType,
  sizeOf,
  T,
  type Type,
  typeName,
  unqual,
} from './types.ts';

export type Sym =
  | { k: 'var'; v: VarSym }
  | { k: 'func'; f: FuncSym }
  | { k: 'typedef'; ty: Type }
  | { k: 'enumconst'; v: bigint };

type Tag = { k: 'struct'; s: StructDef } | { k: 'enum' };

const MAX_S32 = 0x7fffffffn;
const MAX_U32 = 0xffffffffn;
const MAX_S64 = 0x7fffffffffffffffn;
const MAX_U64 = 0xffffffffffffffffn;

const q = (t: Type) => `'${typeName(t)}'`;

export function wrap(v: bigint, t: Type): bigint {
  if (t.k === 'int') {
    if (t.bool) return v !== 0n ? 1n : 0n;
    return t.signed ? BigInt.asIntN(t.size * 8, v) : BigInt.asUintN(t.size * 8, v);
  }
  return BigInt.asUintN(64, v);
}

export class Checker {
  private scopes: Map<string, Sym>[] = [new Map()];
  private tags: Map<string, Tag>[] = [new Map()];
  private nextId = 1;
  /** String literals used as values: anonymous .rodata globals. */
  strings: VarSym[] = [];
  /** The function whose body is being checked (for return conversions). */
  current: FuncSym | null = null;

  pushScope(): void {
    this.scopes.push(new Map());
    this.tags.push(new Map());
  }
  popScope(): void {
    this.scopes.pop();
    this.tags.pop();
  }
  get atFileScope(): boolean {
    return this.scopes.length === 1;
  }
  lookup(name: string): Sym | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i].get(name);
      if (s) return s;
    }
    return undefined;
  }
  lookupLocal(name: string): Sym | undefined {
    return this.scopes[this.scopes.length - 1].get(name);
  }
  declare(name: string, sym: Sym): void {
    this.scopes[this.scopes.length - 1].set(name, sym);
  }
  isTypedef(name: string): boolean {
    return this.lookup(name)?.k === 'typedef';
  }
  /** `struct foo` → the definition (created incomplete on first mention). */
  structTag(name: string | null, union: boolean, defining: boolean, pos: Pos): StructDef {
    if (name !== null) {
      const scopes = defining ? [this.tags[this.tags.length - 1]] : [...this.tags].reverse();
      for (const m of scopes) {
        const t = m.get(name);
        if (t) {
          if (t.k !== 'struct' || t.s.union !== union)
            fail(Code.type, `use of '${name}' with tag type that does not match previous declaration`, pos);
          return t.s;
        }
      }
    }
    const s: StructDef = { name, union, fields: null, size: 0, align: 1 };
    if (name !== null) (defining ? this.tags[this.tags.length - 1] : this.tags[0]).set(name, { k: 'struct', s });
    return s;
  }
  enumTag(name: string): void {
    this.tags[this.tags.length - 1].set(name, { k: 'enum' });
  }

  newVar(name: string, ty: Type, kind: VarSym['kind'], pos: Pos): VarSym {
    return { name, ty, kind, pos, id: this.nextId++, addrTaken: false, uses: 0 };
  }

  // ---- expressions -------------------------------------------------------------------------

  num(v: bigint, ty: Type, pos: Pos): Expr {
    return { k: 'num', v: wrap(v, ty), ty, pos };
  }

  literal(v: bigint, unsigned: boolean, long: number, decimal: boolean, pos: Pos): Expr {
    const fits = (t: IntT) => v <= (t.size === 4 ? (t.signed ? MAX_S32 : MAX_U32) : t.signed ? MAX_S64 : MAX_U64);
    let cands: IntT[];
    if (unsigned) cands = long ? [T.ulong] : [T.uint, T.ulong];
    else if (decimal) cands = long ? [T.long] : [T.int, T.long];
    else cands = long ? [T.long, T.ulong] : [T.int, T.uint, T.long, T.ulong];
    if (long === 2) cands = cands.map((c) => (c.signed ? T.llong : T.ullong));
    const ty = cands.find(fits) ?? T.ullong;
    return this.num(v, ty, pos);
  }

  ident(name: string, pos: Pos): Expr {
    const s = this.lookup(name);
    if (!s) {
      if (name.startsWith('__builtin_') || name.startsWith('__sync_'))
        fail(Code.unsupported, `builtin '${name}' is not supported`, pos);
      fail(Code.undeclared, `use of undeclared identifier '${name}'`, pos);
    }
    if (s.k === 'typedef') fail(Code.parse, `unexpected type name '${name}': expected expression`, pos);
    if (s.k === 'enumconst') return this.num(s.v, T.int, pos);
    if (s.k === 'func')
      return {
        k: 'var',
        sym: { name, ty: s.f.ty, kind: 'global', pos, id: -1, addrTaken: false, uses: 0 },
        ty: s.f.ty,
        pos,
        fn: s.f,
      } as Expr;
    s.v.uses++;
    return { k: 'var', sym: s.v, ty: s.v.ty, pos };
  }

  isLvalue(e: Expr): boolean {
    return e.k === 'var' || e.k === 'deref' || e.k === 'member';
  }

  /** Value of an expression: arrays decay to pointers, functions to function pointers. */
  rv(e: Expr): Expr {
    if (e.k === 'str') {
      // a string literal used as a value lives in .rodata, like clang's .rodata.str1.1
      const ty: Type = { k: 'arr', of: { ...T.char, cst: true }, len: e.bytes.length };
      const v = this.newVar(`.str.${this.strings.length}`, ty, 'global', e.pos);
      v.init = [{ off: 0, ty, e: { ...e, ty } }];
      v.addrTaken = true;
      this.strings.push(v);
      return { k: 'addr', e: { k: 'var', sym: v, ty, pos: e.pos }, ty: ptrTo(ty.of), pos: e.pos };
    }
    if (e.ty.k === 'arr') {
      this.markAddr(e);
      return { k: 'addr', e, ty: ptrTo(e.ty.of), pos: e.pos };
    }
    return e;
  }

  private markAddr(e: Expr): void {
    if (e.k === 'var') e.sym.addrTaken = true;
    else if (e.k === 'member') this.markAddr(e.base);
  }

  fold(e: Expr): bigint | null {
    return e.k === 'num' ? e.v : null;
  }

  /** Conversion to `ty` (implicit when `explicit` is false: checks compatibility). */
  convert(e0: Expr, ty: Type, pos: Pos, explicit = false, what = 'assigning to'): Expr {
    const e = this.rv(e0);
    const from = e.ty;
    if (ty.k === 'void') return { k: 'cast', e, ty, pos };
    if (from.k === 'void') fail(Code.type, `${what} ${q(ty)} from incompatible type 'void'`, pos);
    if (ty.k === 'struct' || from.k === 'struct') {
      if (ty.k === 'struct' && from.k === 'struct' && ty.s === from.s) return e;
      fail(
        Code.type,
        explicit
          ? `operand of type ${q(from)} where arithmetic or pointer type is required`
          : `${what} ${q(ty)} from incompatible type ${q(from)}`,
        pos,
      );
    }
    if (ty.k === 'arr') fail(Code.type, `array type ${q(ty)} is not assignable`, pos);
    if (from.k === 'func') {
      if (e.k === 'var' && (e as { fn?: FuncSym }).fn)
        fail(Code.unsupported, 'function pointers are not supported (calls must name the function)', pos);
    }
    const un = unqual(ty);
    if (isInt(un) && isInt(from)) {
      if (e.k === 'num') return this.num(e.v, un, e.pos);
      if (sameType(unqual(from), un)) return e.ty === un ? e : { ...e, ty: un };
      return { k: 'cast', e, ty: un, pos };
    }
    if (isPtr(un) && isInt(from)) {
      if (e.k === 'num') return { k: 'num', v: wrap(e.v, un), ty: un, pos: e.pos };
      return { k: 'cast', e, ty: un, pos };
    }
    if (isInt(un) && isPtr(from)) {
      if (!explicit && !un.bool && un.size < 8)
        fail(Code.type, `incompatible pointer to integer conversion ${what} ${q(un)} from ${q(from)}`, pos);
      return { k: 'cast', e, ty: un, pos };
    }
    if (isPtr(un) && isPtr(from)) return e.k === 'num' ? { ...e, ty: un } : { k: 'cast', e, ty: un, pos };
    fail(Code.type, `${what} ${q(ty)} from incompatible type ${q(from)}`, pos);
  }

  /** Integer operand of arithmetic: rvalue, integer promotion. */
  private arith(e: Expr, pos: Pos, op: string): Expr {
    const v = this.rv(e);
    if (!isInt(v.ty)) fail(Code.type, `invalid operand to '${op}' (have ${q(v.ty)})`, pos);
    return this.convert(v, promote(v.ty), pos);
  }

  scalarCond(e0: Expr, pos: Pos): Expr {
    const e = this.rv(e0);
    if (!isScalar(e.ty)) fail(Code.type, `statement requires expression of scalar type (${q(e.ty)} invalid)`, pos);
    return e;
  }

  binary(op: string, l0: Expr, r0: Expr, pos: Pos): Expr {
    const l = this.rv(l0);
    const r = this.rv(r0);
    if (op === '&&' || op === '||') {
      const a = this.scalarCond(l, pos);
      const b = this.scalarCond(r, pos);
      const fa = this.fold(a);
      const fb = this.fold(b);
      if (fa !== null && fb !== null)
        return this.num(op === '&&' ? BigInt(fa !== 0n && fb !== 0n) : BigInt(fa !== 0n || fb !== 0n), T.int, pos);
      return { k: op === '&&' ? 'land' : 'lor', l: a, r: b, ty: T.int, pos };
    }
    if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return this.compare(op as CmpOp, l, r, pos);
    if ((op === '+' || op === '-') && (isPtr(l.ty) || isPtr(r.ty))) return this.ptrArith(op, l, r, pos);
    const a = this.arith(l, pos, op);
    const b = this.arith(r, pos, op);
    if (op === '<<' || op === '>>') {
      const ty = a.ty as IntT;
      const rb = this.convert(b, ty.size === 8 ? T.ulong : T.uint, pos);
      return this.foldBin({ k: 'bin', op, l: a, r: rb, ty, pos });
    }
    const ty = commonType(a.ty as IntT, b.ty as IntT);
    return this.foldBin({
      k: 'bin',
      op: op as BinOp,
      l: this.convert(a, ty, pos),
      r: this.convert(b, ty, pos),
      ty,
      pos,
    });
  }

  private foldBin(e: Expr & { k: 'bin' }): Expr {
    const x = this.fold(e.l);
    const y = this.fold(e.r);
    if (x === null || y === null) return e;
    const bits = BigInt(sizeOf(e.ty) * 8);
    let v: bigint;
    switch (e.op) {
      case '+':
        v = x + y;
        break;
      case '-':
        v = x - y;
        break;
      case '*':
        v = x * y;
        break;
      case '/':
      case '%':
        if (y === 0n) return e; // runtime: BPF defines x/0 = 0, x%0 = x
        v = e.op === '/' ? x / y : x % y;
        break;
      case '&':
        v = x & y;
        break;
      case '|':
        v = x | y;
        break;
      case '^':
        v = x ^ y;
        break;
      case '<<':
        v = y >= bits ? 0n : x << y;
        break;
      case '>>':
        v = y >= bits ? 0n : x >> y;
        break;
    }
    return this.num(v, e.ty, e.pos);
  }

  private compare(op: CmpOp, l: Expr, r: Expr, pos: Pos): Expr {
    if (isPtr(l.ty) || isPtr(r.ty)) {
      const a = isPtr(l.ty) ? l : this.convert(l, r.ty, pos);
      const b = isPtr(r.ty) ? r : this.convert(r, l.ty, pos);
      return { k: 'cmp', op, l: a, r: b, signed: false, ty: T.int, pos };
    }
    const a = this.arith(l, pos, op);
    const b = this.arith(r, pos, op);
    const ty = commonType(a.ty as IntT, b.ty as IntT);
    const ca = this.convert(a, ty, pos);
    const cb = this.convert(b, ty, pos);
    const x = this.fold(ca);
    const y = this.fold(cb);
    if (x !== null && y !== null) {
      const res =
        op === '=='
          ? x === y
          : op === '!='
            ? x !== y
            : op === '<'
              ? x < y
              : op === '<='
                ? x <= y
                : op === '>'
                  ? x > y
                  : x >= y;
      return this.num(res ? 1n : 0n, T.int, pos);
    }
    return { k: 'cmp', op, l: ca, r: cb, signed: ty.signed, ty: T.int, pos };
  }

  private ptrArith(op: '+' | '-', l: Expr, r: Expr, pos: Pos): Expr {
    if (isPtr(l.ty) && isPtr(r.ty)) {
      if (op === '+') fail(Code.type, `invalid operands to binary expression (${q(l.ty)} and ${q(r.ty)})`, pos);
      return { k: 'pdiff', l, r, scale: this.elemSize(l.ty, pos), ty: T.long, pos };
    }
    const [p, i] = isPtr(l.ty) ? [l, r] : [r, l];
    if (op === '-' && p !== l)
      fail(Code.type, `invalid operands to binary expression (${q(l.ty)} and ${q(r.ty)})`, pos);
    if (!isInt(i.ty)) fail(Code.type, `invalid operands to binary expression (${q(l.ty)} and ${q(r.ty)})`, pos);
    const idx = this.convert(i, (i.ty as IntT).signed ? T.long : T.ulong, pos);
    return { k: 'padd', p, i: idx, scale: this.elemSize(p.ty, pos), sub: op === '-', ty: p.ty, pos };
  }

  elemSize(t: Type, pos: Pos): number {
    if (!isPtr(t)) return 1;
    if (t.to.k === 'void') return 1;
    if (t.to.k === 'func' || !isComplete(t.to))
      fail(Code.type, `arithmetic on a pointer to an incomplete type ${q(t.to)}`, pos);
    return sizeOf(t.to);
  }

  unary(op: string, e0: Expr, pos: Pos): Expr {
    if (op === '&') {
      if ((e0 as { fn?: FuncSym }).fn) fail(Code.unsupported, 'taking the address of a function is not supported', pos);
      if (!this.isLvalue(e0)) fail(Code.type, 'cannot take the address of an rvalue of type ' + q(e0.ty), pos);
      this.markAddr(e0);
      if (e0.k === 'deref') return e0.p;
      return { k: 'addr', e: e0, ty: ptrTo(e0.ty), pos };
    }
    if (op === '*') {
      const p = this.rv(e0);
      if (!isPtr(p.ty)) fail(Code.type, `indirection requires pointer operand (${q(p.ty)} invalid)`, pos);
      if (p.ty.to.k === 'void') fail(Code.type, `incomplete type 'void' where a complete type is required`, pos);
      if (p.k === 'addr') return p.e;
      return { k: 'deref', p, ty: p.ty.to, pos };
    }
    if (op === '!') {
      const v = this.scalarCond(e0, pos);
      const f = this.fold(v);
      if (f !== null) return this.num(f === 0n ? 1n : 0n, T.int, pos);
      return { k: 'not', e: v, ty: T.int, pos };
    }
    const a = this.arith(e0, pos, op);
    const f = this.fold(a);
    if (op === '+') return a;
    if (f !== null) return this.num(op === '-' ? -f : ~f, a.ty, pos);
    return { k: op === '-' ? 'neg' : 'bnot', e: a, ty: a.ty, pos };
  }

  private checkAssignable(l: Expr, pos: Pos): void {
    if ((l as { fn?: FuncSym }).fn || !this.isLvalue(l)) fail(Code.type, 'expression is not assignable', pos);
    if (l.ty.k === 'arr') fail(Code.type, `array type ${q(l.ty)} is not assignable`, pos);
    if (l.ty.cst) fail(Code.type, `cannot assign to variable with const-qualified type ${q(l.ty)}`, pos);
  }

  assign(op: string, l: Expr, r: Expr, pos: Pos): Expr {
    this.checkAssignable(l, pos);
    if (op === '=') return { k: 'assign', l, r: this.convert(r, l.ty, pos), ty: unqual(l.ty), pos };
    const bop = op.slice(0, -1) as BinOp;
    if (isPtr(l.ty)) {
      if (bop !== '+' && bop !== '-')
        fail(Code.type, `invalid operands to binary expression (${q(l.ty)} and ${q(r.ty)})`, pos);
      const rv = this.rv(r);
      if (!isInt(rv.ty)) fail(Code.type, `invalid operands to binary expression`, pos);
      return {
        k: 'opassign',
        op: bop,
        l,
        r: this.convert(rv, T.long, pos),
        opTy: l.ty,
        scale: this.elemSize(l.ty, pos),
        ty: unqual(l.ty),
        pos,
      };
    }
    const full = this.binary(bop, l, r, pos);
    if (!isInt(l.ty)) fail(Code.type, `invalid operands to binary expression`, pos);
    const opTy = full.k === 'num' ? commonType(l.ty, this.rv(r).ty as IntT) : full.ty;
    const rr = full.k === 'bin' ? full.r : this.convert(r, opTy, pos);
    return { k: 'opassign', op: bop, l, r: rr, opTy, scale: 1, ty: unqual(l.ty), pos };
  }

  incdec(op: string, post: boolean, l: Expr, pos: Pos): Expr {
    this.checkAssignable(l, pos);
    if (!isScalar(l.ty)) fail(Code.type, `cannot increment value of type ${q(l.ty)}`, pos);
    const step = isPtr(l.ty) ? this.elemSize(l.ty, pos) : 1;
    return { k: 'incdec', l, post, delta: op === '++' ? step : -step, ty: unqual(l.ty), pos };
  }

  cond(c0: Expr, a0: Expr, b0: Expr, pos: Pos): Expr {
    const c = this.scalarCond(c0, pos);
    let a = this.rv(a0);
    let b = this.rv(b0);
    let ty: Type;
    if (isInt(a.ty) && isInt(b.ty)) {
      ty = commonType(a.ty, b.ty);
    } else if (isPtr(a.ty) && isPtr(b.ty)) ty = a.ty.to.k === 'void' ? b.ty : a.ty;
    else if (isPtr(a.ty) && isInt(b.ty)) ty = a.ty;
    else if (isInt(a.ty) && isPtr(b.ty)) ty = b.ty;
    else if (a.ty.k === 'void' || b.ty.k === 'void') ty = T.void;
    else if (a.ty.k === 'struct' && b.ty.k === 'struct' && a.ty.s === b.ty.s) ty = a.ty;
    else fail(Code.type, `incompatible operand types (${q(a.ty)} and ${q(b.ty)})`, pos);
    a = this.convert(a, ty, pos);
    b = this.convert(b, ty, pos);
    const f = this.fold(c);
    if (f !== null) return f !== 0n ? a : b;
    return { k: 'cond', c, a, b, ty, pos };
  }

  member(base0: Expr, name: string, arrow: boolean, pos: Pos): Expr {
    let base = base0;
    if (arrow) {
      const p = this.rv(base0);
      if (!isPtr(p.ty) || p.ty.to.k !== 'struct')
        fail(Code.type, `member reference type ${q(p.ty)} is not a pointer to a struct or union`, pos);
      base = this.unary('*', p, pos);
    }
    if (base.ty.k !== 'struct')
      fail(Code.type, `member reference base type ${q(base.ty)} is not a structure or union`, pos);
    if (!base.ty.s.fields) fail(Code.type, `incomplete definition of type ${q(base.ty)}`, pos);
    const f = findField(base.ty.s, name);
    if (!f) fail(Code.type, `no member named '${name}' in ${q(base.ty)}`, pos);
    const ty = base.ty.cst && !f.type.cst ? { ...f.type, cst: true } : f.type;
    if (base.k === 'member') return { k: 'member', base: base.base, off: base.off + f.offset, ty, pos };
    return { k: 'member', base, off: f.offset, ty, pos };
  }

  index(a: Expr, i: Expr, pos: Pos): Expr {
    return this.unary('*', this.binary('+', a, i, pos), pos);
  }

  cast(ty: Type, e: Expr, pos: Pos): Expr {
    if (ty.k !== 'void' && !isScalar(ty))
      fail(Code.type, `used type ${q(ty)} where arithmetic or pointer type is required`, pos);
    return this.convert(e, ty, pos, true);
  }

  call(fn: Expr, args: Expr[], pos: Pos): Expr {
    const f = (fn as { fn?: FuncSym }).fn;
    let ft: Type = fn.ty;
    if (!f) {
      if (fn.k === 'var' && fn.sym.helperId !== undefined && isPtr(fn.ty)) ft = fn.ty.to;
      else
        fail(
          Code.unsupported,
          'calls through function pointers are not supported; call a helper or a function by name',
          pos,
        );
    }
    if (ft.k !== 'func') fail(Code.type, `called object type ${q(fn.ty)} is not a function or function pointer`, pos);
    const n = ft.params.length;
    if (args.length < n || (args.length > n && !ft.variadic)) {
      fail(
        Code.type,
        `too ${args.length < n ? 'few' : 'many'} arguments to function call, expected ${n}, have ${args.length}`,
        pos,
      );
    }
    if (args.length > 5) fail(Code.unsupported, 'too many arguments: BPF calls take at most 5 arguments', pos);
    if (ft.ret.k === 'struct')
      fail(Code.unsupported, 'returning a struct by value is not supported; return a pointer or fill one in', pos);
    const conv = args.map((a, k) => {
      if (k < n && ft.params[k].k === 'struct') {
        fail(Code.unsupported, 'passing a struct by value is not supported; pass a pointer to it', a.pos);
      }
      if (k < n) return this.convert(a, ft.params[k], a.pos, false, 'passing to parameter of type');
      const v = this.rv(a);
      return isInt(v.ty) ? this.convert(v, promote(v.ty).size === 8 ? promote(v.ty) : T.ulong, a.pos) : v;
    });
    if (f) return { k: 'call', fn: f, args: conv, ty: ft.ret, pos };
    return { k: 'helper', id: (fn as { sym: VarSym }).sym.helperId!, args: conv, ty: ft.ret, pos };
  }

  /** `__sync_*` builtins: type checks shared by every form (size 4 or 8, pointer operand). */
  atomicTarget(p0: Expr, pos: Pos): { p: Expr; ty: IntT } {
    const p = this.rv(p0);
    if (!isPtr(p.ty) || !isInt(p.ty.to))
      fail(Code.type, `address argument to atomic builtin must be a pointer to integer (${q(p.ty)} invalid)`, pos);
    const ty = unqual(p.ty.to);
    if (ty.size < 4) fail(Code.atomicSize, 'Unsupported atomic operations, please use 32/64 bit version', pos);
    return { p, ty };
  }

  atomic(op: AtomicOp, ret: 'old' | 'new', p0: Expr, v: Expr, pos: Pos): Expr {
    const { p, ty } = this.atomicTarget(p0, pos);
    return { k: 'atomic', op, ret, p, v: this.convert(v, ty, pos), ty, pos };
  }

  sizeofType(ty: Type, pos: Pos): Expr {
    if (ty.k === 'func') fail(Code.type, "invalid application of 'sizeof' to a function type", pos);
    if (!isComplete(ty) && ty.k !== 'void')
      fail(Code.type, `invalid application of 'sizeof' to an incomplete type ${q(ty)}`, pos);
    return this.num(BigInt(sizeOf(ty)), T.ulong, pos);
  }
}
