/**
 * Expression syntax: C's precedence levels, casts, sizeof, postfix forms, GNU statement
 * expressions, and the builtins of the dialect (`__sync_*`, `__builtin_offsetof`,
 * `__builtin_memset/memcpy` with constant sizes, `__builtin_bswap*`, `__builtin_expect`).
 * Types and conversions are the checker's job; this file only recognises shapes.
 */
import type { AtomicOp, Expr, Stmt } from './ast.ts';
import { Code, fail, type Pos } from './diag.ts';
import { BINARY_PRECEDENCE } from './lex.ts';
import { TypeParser } from './parse-types.ts';
import { findField, isInt, isPtr, sizeOf, T, type Type, typeName } from './types.ts';

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

const SYNC: Record<string, { op: AtomicOp; ret: 'old' | 'new' }> = {};
for (const op of ['add', 'sub', 'or', 'and', 'xor'] as AtomicOp[]) {
  SYNC[`__sync_fetch_and_${op}`] = { op, ret: 'old' };
  SYNC[`__sync_${op}_and_fetch`] = { op, ret: 'new' };
}

export abstract class ExprParser extends TypeParser {
  abstract compoundStmt(): Stmt[];

  expr(): Expr {
    let e = this.assignExpr();
    while (this.is(',')) {
      const at = this.next();
      const b = this.assignExpr();
      e = { k: 'comma', a: e, b: this.ck.rv(b), ty: this.ck.rv(b).ty, pos: at };
    }
    return e;
  }

  constExpr(): bigint {
    const at = this.tok;
    const e = this.condExpr();
    const v = this.ck.fold(e);
    if (v === null) fail(Code.type, 'expression is not an integer constant expression', at);
    return v;
  }

  assignExpr(): Expr {
    this.enter(this.tok);
    const l = this.condExpr();
    let res = l;
    if (this.tok.kind === 'punct' && ASSIGN.has(this.tok.text)) {
      const op = this.next();
      const r = this.assignExpr();
      res = this.ck.assign(op.text, l, r, op);
    }
    this.leave();
    return res;
  }

  private condExpr(): Expr {
    const c = this.binExpr(1);
    if (!this.is('?')) return c;
    const at = this.next();
    const a = this.is(':') ? c : this.expr();
    this.expect(':');
    const b = this.condExpr();
    return this.ck.cond(c, a, b, at);
  }

  private binExpr(min: number): Expr {
    let l = this.castExpr();
    for (;;) {
      const t = this.tok;
      const p = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (p === undefined || p < min) return l;
      this.next();
      this.enter(t);
      const r = this.binExpr(p + 1);
      this.leave();
      l = this.ck.binary(t.text, l, r, t);
    }
  }

  private castExpr(): Expr {
    if (this.is('(') && this.isTypeStart(this.peek())) {
      const at = this.next();
      const ty = this.typeName();
      this.expect(')');
      if (this.is('{')) fail(Code.unsupported, 'compound literals are not supported', this.tok);
      this.enter(at);
      const e = this.castExpr();
      this.leave();
      return this.ck.cast(ty, e, at);
    }
    return this.unaryExpr();
  }

  private unaryExpr(): Expr {
    const t = this.tok;
    this.enter(t);
    let res: Expr;
    if (t.kind === 'punct' && ['-', '+', '!', '~', '&', '*'].includes(t.text)) {
      this.next();
      res = this.ck.unary(t.text, this.castExpr(), t);
    } else if (t.kind === 'punct' && (t.text === '++' || t.text === '--')) {
      this.next();
      res = this.ck.incdec(t.text, false, this.unaryExpr(), t);
    } else if (this.is('sizeof') || this.is('_Alignof') || this.is('__alignof__')) {
      this.next();
      const align = t.text !== 'sizeof';
      let ty: Type;
      if (this.is('(') && this.isTypeStart(this.peek())) {
        this.next();
        ty = this.typeName();
        this.expect(')');
      } else ty = this.unaryExpr().ty;
      res = align
        ? this.ck.num(BigInt(ty.k === 'struct' ? ty.s.align : Math.min(8, sizeOf(ty))), T.ulong, t)
        : this.ck.sizeofType(ty, t);
    } else res = this.postfix(this.primary());
    this.leave();
    return res;
  }

  private postfix(e0: Expr): Expr {
    let e = e0;
    for (;;) {
      const t = this.tok;
      if (this.accept('[')) {
        const idx = this.expr();
        this.expect(']');
        e = this.ck.index(e, idx, t);
      } else if (this.accept('.') || this.accept('->')) {
        const n = this.ident('member name');
        e = this.ck.member(e, n.text, t.text === '->', n);
      } else if (this.is('++') || this.is('--')) {
        this.next();
        e = this.ck.incdec(t.text, true, e, t);
      } else if (this.accept('(')) {
        const args: Expr[] = [];
        while (!this.is(')')) {
          args.push(this.assignExpr());
          if (!this.accept(',')) break;
        }
        this.expect(')');
        e = this.ck.call(e, args, t);
      } else return e;
    }
  }

  private args(n: number, name: Pos & { text: string }): Expr[] {
    this.expect('(');
    const args: Expr[] = [];
    while (!this.is(')')) {
      args.push(this.assignExpr());
      if (!this.accept(',')) break;
    }
    this.expect(')');
    if (args.length !== n)
      fail(
        Code.type,
        `too ${args.length < n ? 'few' : 'many'} arguments to function call, expected ${n}, have ${args.length}`,
        name,
      );
    return args;
  }

  private primary(): Expr {
    const t = this.tok;
    if (t.kind === 'num') {
      this.next();
      return this.ck.literal(t.value!, !!t.unsigned, t.long ?? 0, !/^0[xXbB0-7]/.test(t.text) || t.text === '0', t);
    }
    if (t.kind === 'char') {
      this.next();
      return this.ck.num(t.value!, T.int, t);
    }
    if (t.kind === 'str') {
      const bytes: number[] = [];
      while (this.tok.kind === 'str') bytes.push(...(this.next().bytes ?? []));
      bytes.push(0);
      const ty: Type = { k: 'arr', of: T.char, len: bytes.length };
      return { k: 'str', bytes, ty, pos: t };
    }
    if (this.accept('(')) {
      if (this.is('{')) {
        const body = this.stmtExprBody();
        this.expect(')');
        const last = body[body.length - 1];
        const lastExpr = last?.k === 'expr' ? this.ck.rv(last.e) : null;
        return {
          k: 'stmtexpr',
          body: lastExpr ? body.slice(0, -1) : body,
          last: lastExpr,
          ty: lastExpr?.ty ?? T.void,
          pos: t,
        };
      }
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.kind !== 'id')
      fail(Code.parse, t.kind === 'eof' ? 'expected expression before end of input' : 'expected expression', t);
    this.next();
    const name = t.text;
    const sync = SYNC[name];
    if (sync) {
      const [p, v] = this.args(2, t);
      return this.ck.atomic(sync.op, sync.ret, p, v, t);
    }
    switch (name) {
      case '__sync_val_compare_and_swap':
      case '__sync_bool_compare_and_swap': {
        const [p0, old, nu] = this.args(3, t);
        const { p, ty } = this.ck.atomicTarget(p0, t);
        const bool = name.includes('bool');
        return {
          k: 'cas',
          p,
          old: this.ck.convert(old, ty, t),
          nu: this.ck.convert(nu, ty, t),
          bool,
          ty: bool ? T.bool : ty,
          pos: t,
        };
      }
      case '__sync_lock_test_and_set': {
        const [p0, v] = this.args(2, t);
        const { p, ty } = this.ck.atomicTarget(p0, t);
        return { k: 'xchg', p, v: this.ck.convert(v, ty, t), ty, pos: t };
      }
      case '__sync_synchronize':
        this.args(0, t);
        return { k: 'stmtexpr', body: [], last: null, ty: T.void, pos: t };
      case '__builtin_expect': {
        const [a] = this.args(2, t);
        return a;
      }
      case '__builtin_bswap16':
      case '__builtin_bswap32':
      case '__builtin_bswap64': {
        const bits = Number(name.slice(-2)) as 16 | 32 | 64;
        const [a] = this.args(1, t);
        const ty = bits === 16 ? T.ushort : bits === 32 ? T.uint : T.ulong;
        const v = this.ck.convert(a, ty, t);
        const f = this.ck.fold(v);
        if (f !== null) {
          let r = 0n;
          for (let k = 0; k < bits / 8; k++) r = (r << 8n) | ((f >> BigInt(k * 8)) & 0xffn);
          return this.ck.num(r, ty, t);
        }
        return { k: 'bswap', e: v, bits, ty, pos: t };
      }
      case '__builtin_memset':
      case '__builtin_memcpy': {
        const [d, x, n] = this.args(3, t);
        const size = this.ck.fold(this.ck.rv(n));
        if (size === null) fail(Code.unsupported, `${name} needs a constant size`, n.pos);
        const dst = this.ck.rv(d);
        if (!isPtr(dst.ty)) fail(Code.type, `${name}: destination is not a pointer`, d.pos);
        if (name === '__builtin_memset') {
          if (this.ck.fold(this.ck.rv(x)) !== 0n)
            fail(Code.unsupported, '__builtin_memset supports only the value 0', x.pos);
          return { k: 'memset', p: dst, size: Number(size), ty: dst.ty, pos: t };
        }
        const src = this.ck.rv(x);
        if (!isPtr(src.ty)) fail(Code.type, `${name}: source is not a pointer`, x.pos);
        return { k: 'memcpy', dst, src, size: Number(size), ty: dst.ty, pos: t };
      }
      case '__builtin_offsetof':
      case 'offsetof': {
        if (name === 'offsetof' && this.ck.lookup(name)) break;
        this.expect('(');
        const ty = this.typeName();
        this.expect(',');
        let off = 0;
        let cur = ty;
        for (;;) {
          if (cur.k !== 'struct')
            fail(Code.type, `offsetof requires struct, union, or class type, '${typeName(cur)}' invalid`, this.tok);
          const n = this.ident('field name');
          const f = findField(cur.s, n.text);
          if (!f) fail(Code.type, `no member named '${n.text}' in '${typeName(cur)}'`, n);
          off += f.offset;
          cur = f.type;
          while (this.accept('[')) {
            const idx = Number(this.constExpr());
            this.expect(']');
            if (cur.k !== 'arr') fail(Code.type, 'subscripted value is not an array', n);
            off += idx * sizeOf(cur.of);
            cur = cur.of;
          }
          if (!this.accept('.')) break;
        }
        this.expect(')');
        return this.ck.num(BigInt(off), T.ulong, t);
      }
      case '__builtin_constant_p': {
        const [a] = this.args(1, t);
        return this.ck.num(this.ck.fold(this.ck.rv(a)) !== null ? 1n : 0n, T.int, t);
      }
    }
    const e = this.ck.ident(name, t);
    if (isInt(e.ty) || e.k === 'num') return e;
    return e;
  }

  private stmtExprBody(): Stmt[] {
    return this.compoundStmt();
  }
}
