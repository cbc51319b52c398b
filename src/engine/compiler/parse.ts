/**
 * Parser: preprocessed tokens → the checked syntax tree of one translation unit (statements,
 * functions, globals). It drives the checker (check.ts) as it goes, the way one-pass C
 * compilers do, so every node it returns is already typed. What the dialect leaves out (goto,
 * bit-fields, floating point, function pointers) is rejected with a message naming it.
 */
import type { Expr, FuncSym, InitItem, Stmt, Unit, VarSym } from './ast.ts';
import { Checker } from './check.ts';
import { Code, fail } from './diag.ts';
import type { Token } from './lex.ts';
import { ExprParser } from './parse-expr.ts';
import { type FuncT, isComplete, isInt, promote, type Type, typeName } from './types.ts';

export function parse(toks: Token[]): Unit {
  return new Parser(toks, new Checker()).unit();
}

class Parser extends ExprParser {
  private globals: VarSym[] = [];
  private funcs: FuncSym[] = [];
  private loops = 0;
  private switches: { cases: bigint[]; hasDefault: boolean; ty: Type }[] = [];

  unit(): Unit {
    while (this.tok.kind !== 'eof') {
      if (this.accept(';')) continue;
      this.topLevel();
    }
    return { globals: [...this.globals, ...this.ck.strings], funcs: this.funcs };
  }

  private topLevel(): void {
    if (this.is('_Static_assert')) {
      this.staticAssert();
      return;
    }
    if (this.is('asm') || this.is('__asm__')) fail(Code.unsupported, 'top-level asm is not supported', this.tok);
    const spec = this.declSpec();
    if (this.accept(';')) return;
    let first = true;
    for (;;) {
      const d = this.declarator(spec.ty);
      const attrs = this.attributes({ ...spec.attrs });
      if (!d.name) fail(Code.parse, 'declaration does not declare anything', d.pos);
      if (spec.storage === 'typedef') {
        this.ck.declare(d.name, { k: 'typedef', ty: d.ty });
      } else if (d.ty.k === 'func') {
        const f = this.declareFunc(d.name, d.ty, d.pos, spec.storage === 'static', attrs.section, spec.inline, attrs);
        if (first && this.is('{')) {
          this.funcBody(f, d.params ?? []);
          return;
        }
      } else {
        this.globalVar(d.name, d.ty, d.pos, spec.storage, attrs.section);
      }
      first = false;
      if (!this.accept(',')) break;
    }
    this.expect(';', 'after top level declarator');
  }

  private staticAssert(): void {
    const at = this.next();
    this.expect('(');
    const v = this.constExpr();
    let msg = '';
    if (this.accept(',')) msg = String.fromCharCode(...(this.next().bytes ?? []));
    this.expect(')');
    this.expect(';');
    if (v === 0n) fail(Code.type, `static assertion failed${msg ? `: ${msg}` : ''}`, at);
  }

  private declareFunc(
    name: string,
    ty: FuncT,
    pos: Token | { file: string; line: number; col: number },
    isStatic: boolean,
    section: string | undefined,
    inline: boolean,
    attrs: { noinline?: boolean; alwaysInline?: boolean },
  ): FuncSym {
    const prev = this.ck.lookup(name);
    if (prev && prev.k === 'func') {
      if (section) prev.f.section = section;
      if (attrs.noinline) prev.f.inline = 'never';
      if (attrs.alwaysInline) prev.f.inline = 'always';
      return prev.f;
    }
    if (prev && !this.ck.atFileScope === false && prev.k === 'var')
      fail(Code.type, `redefinition of '${name}' as different kind of symbol`, pos);
    const f: FuncSym = {
      name,
      ty,
      pos,
      params: [],
      body: null,
      section,
      isStatic,
      inline: attrs.noinline ? 'never' : attrs.alwaysInline || inline ? 'always' : 'default',
    };
    this.ck.declare(name, { k: 'func', f });
    return f;
  }

  private funcBody(
    f: FuncSym,
    params: { name: string | null; ty: Type; pos: { file: string; line: number; col: number } }[],
  ): void {
    if (f.body) fail(Code.type, `redefinition of '${f.name}'`, this.tok);
    this.ck.pushScope();
    f.params = params.map((p, k) => {
      const v = this.ck.newVar(p.name ?? `__arg${k}`, p.ty, 'param', p.pos);
      if (p.name) this.ck.declare(p.name, { k: 'var', v });
      return v;
    });
    this.ck.current = f;
    const at = this.tok;
    f.body = { k: 'block', body: this.compoundStmt(), pos: at };
    this.ck.current = null;
    this.ck.popScope();
    this.funcs.push(f);
  }

  private globalVar(
    name: string,
    ty0: Type,
    pos: Token | { file: string; line: number; col: number },
    storage: string | null,
    section?: string,
  ): void {
    let ty = ty0;
    const prev = this.ck.lookup(name);
    if (prev && prev.k !== 'var') fail(Code.type, `redefinition of '${name}' as different kind of symbol`, pos);
    let init: InitItem[] | null = null;
    if (this.accept('=')) {
      init = [];
      ty = this.initializer(ty, 0, init);
    }
    if (prev?.k === 'var' && prev.v.kind === 'global') {
      if (init) prev.v.init = init;
      if (section) prev.v.section = section;
      if (ty.k === 'arr' && prev.v.ty.k === 'arr' && prev.v.ty.len === null) prev.v.ty = ty;
      if (storage !== 'extern') prev.v.isExtern = false;
      return;
    }
    const v = this.ck.newVar(name, ty, 'global', pos);
    v.isStatic = storage === 'static';
    v.isExtern = storage === 'extern';
    v.section = section;
    v.init = init;
    if (ty.k === 'ptr' && ty.to.k === 'func') {
      const c = init?.length === 1 ? this.ck.fold(init[0].e) : null;
      if (c === null)
        fail(Code.unsupported, 'function pointer variables are not supported (only libbpf helper prototypes)', pos);
      v.helperId = Number(c);
    }
    this.ck.declare(name, { k: 'var', v });
    if (v.helperId === undefined) this.globals.push(v);
  }

  // ---- statements ----------------------------------------------------------------------------

  compoundStmt(): Stmt[] {
    const open = this.expect('{');
    this.enter(open);
    this.ck.pushScope();
    const body: Stmt[] = [];
    while (!this.accept('}')) {
      if (this.tok.kind === 'eof') fail(Code.parse, "expected '}'", this.tok);
      body.push(...this.blockItem());
    }
    this.ck.popScope();
    this.leave();
    return body;
  }

  private blockItem(): Stmt[] {
    if (this.is('_Static_assert')) {
      this.staticAssert();
      return [];
    }
    if (
      this.isTypeStart() &&
      !(this.tok.kind === 'id' && this.peek().text === ':' && this.ck.isTypedef(this.tok.text) === false)
    )
      return this.localDecl();
    return [this.stmt()];
  }

  private localDecl(): Stmt[] {
    const spec = this.declSpec();
    const out: Stmt[] = [];
    if (this.accept(';')) return out;
    for (;;) {
      const d = this.declarator(spec.ty);
      this.attributes();
      if (!d.name) fail(Code.parse, 'declaration does not declare anything', d.pos);
      if (spec.storage === 'typedef') {
        this.ck.declare(d.name, { k: 'typedef', ty: d.ty });
      } else if (d.ty.k === 'func') {
        this.declareFunc(d.name, d.ty, d.pos, true, undefined, false, {});
      } else if (spec.storage === 'static' || spec.storage === 'extern') {
        // a function-local static is a global with a unique name
        const saved = this.ck.lookupLocal(d.name);
        if (saved) fail(Code.type, `redefinition of '${d.name}'`, d.pos);
        this.globalVar(d.name, d.ty, d.pos, spec.storage, spec.attrs.section);
      } else {
        let ty: Type = d.ty;
        let init: InitItem[] | null = null;
        if (this.ck.lookupLocal(d.name)) fail(Code.type, `redefinition of '${d.name}'`, d.pos);
        if (this.accept('=')) {
          init = [];
          ty = this.initializer(ty, 0, init);
        }
        if (ty.k === 'void') fail(Code.type, `variable has incomplete type 'void'`, d.pos);
        if (!isComplete(ty)) fail(Code.type, `variable has incomplete type '${typeName(ty)}'`, d.pos);
        const v = this.ck.newVar(d.name, ty, 'local', d.pos);
        this.ck.declare(d.name, { k: 'var', v });
        const zero = init !== null && (ty.k === 'arr' || ty.k === 'struct');
        out.push({ k: 'decl', sym: v, init, zero, pos: d.pos });
      }
      if (!this.accept(',')) break;
    }
    this.expect(';', 'at end of declaration');
    return out;
  }

  private cond(): Expr {
    this.expect('(');
    const at = this.tok;
    const e = this.ck.scalarCond(this.expr(), at);
    this.expect(')');
    return e;
  }

  private body(): Stmt {
    this.loops++;
    const s = this.stmt();
    this.loops--;
    return s;
  }

  private stmt(): Stmt {
    const t = this.tok;
    this.enter(t);
    try {
      return this.stmtInner(t);
    } finally {
      this.leave();
    }
  }

  private stmtInner(t: Token): Stmt {
    const pos = { file: t.file, line: t.line, col: t.col };
    if (this.is('{')) return { k: 'block', body: this.compoundStmt(), pos };
    if (this.accept(';')) return { k: 'empty', pos };
    if (t.kind === 'id') {
      switch (t.text) {
        case 'if': {
          this.next();
          const c = this.cond();
          const a = this.stmt();
          const b = this.accept('else') ? this.stmt() : null;
          return { k: 'if', c, a, b, pos };
        }
        case 'while': {
          this.next();
          const c = this.cond();
          return { k: 'while', c, body: this.body(), pos };
        }
        case 'do': {
          this.next();
          const body = this.body();
          this.expect('while', 'in do/while loop');
          const c = this.cond();
          this.expect(';', 'after do/while statement');
          return { k: 'do', body, c, pos };
        }
        case 'for': {
          this.next();
          this.expect('(');
          this.ck.pushScope();
          let init: Stmt | null = null;
          if (this.isTypeStart()) init = { k: 'block', body: this.localDecl(), pos };
          else if (!this.accept(';')) {
            init = { k: 'expr', e: this.expr(), pos };
            this.expect(';', "in 'for' statement specifier");
          }
          let c: Expr | null = null;
          if (!this.is(';')) {
            const at = this.tok;
            c = this.ck.scalarCond(this.expr(), at);
          }
          this.expect(';', "in 'for' statement specifier");
          const step = this.is(')') ? null : this.expr();
          this.expect(')');
          const body = this.body();
          this.ck.popScope();
          return { k: 'for', init, c, step, body, pos };
        }
        case 'switch': {
          this.next();
          this.expect('(');
          const at = this.tok;
          const e0 = this.ck.rv(this.expr());
          if (!isInt(e0.ty))
            fail(Code.type, `statement requires expression of integer type ('${typeName(e0.ty)}' invalid)`, at);
          const e = this.ck.convert(e0, promote(e0.ty), at);
          this.expect(')');
          const sw = { cases: [] as bigint[], hasDefault: false, ty: e.ty };
          this.switches.push(sw);
          const body = this.stmt();
          this.switches.pop();
          return { k: 'switch', e, body, cases: sw.cases, hasDefault: sw.hasDefault, pos };
        }
        case 'case': {
          this.next();
          const sw = this.switches[this.switches.length - 1];
          if (!sw) fail(Code.parse, "'case' statement not in switch statement", t);
          const at = this.tok;
          const v = this.ck.fold(this.ck.convert(this.ck.num(this.constExpr(), sw.ty, at), sw.ty, at))!;
          if (this.accept('...')) fail(Code.unsupported, 'case ranges are not supported', at);
          this.expect(':', "after 'case'");
          if (sw.cases.includes(v)) fail(Code.type, 'duplicate case value', at);
          sw.cases.push(v);
          return { k: 'case', v, pos };
        }
        case 'default': {
          this.next();
          const sw = this.switches[this.switches.length - 1];
          if (!sw) fail(Code.parse, "'default' statement not in switch statement", t);
          this.expect(':', "after 'default'");
          if (sw.hasDefault) fail(Code.type, 'multiple default labels in one switch', t);
          sw.hasDefault = true;
          return { k: 'default', pos };
        }
        case 'break':
          this.next();
          if (!this.loops && !this.switches.length)
            fail(Code.parse, "'break' statement not in loop or switch statement", t);
          this.expect(';', "after 'break'");
          return { k: 'break', pos };
        case 'continue':
          this.next();
          if (!this.loops) fail(Code.parse, "'continue' statement not in loop statement", t);
          this.expect(';', "after 'continue'");
          return { k: 'continue', pos };
        case 'return': {
          this.next();
          const f = this.ck.current!;
          let e: Expr | null = null;
          if (!this.is(';')) {
            const at = this.tok;
            const v = this.expr();
            if (f.ty.ret.k === 'void') {
              if (this.ck.rv(v).ty.k !== 'void')
                fail(Code.type, `void function '${f.name}' should not return a value`, at);
              e = v;
            } else e = this.ck.convert(v, f.ty.ret, at, false, 'returning');
          } else if (f.ty.ret.k !== 'void') fail(Code.type, `non-void function '${f.name}' should return a value`, t);
          this.expect(';', 'after return statement');
          return { k: 'return', e, pos };
        }
        case 'goto':
          return fail(Code.unsupported, 'goto is not supported', t);
        case 'asm':
        case '__asm__':
        case '__asm': {
          this.next();
          while (this.is('volatile') || this.is('__volatile__')) this.next();
          this.expect('(');
          const s = this.tok;
          let level = 1;
          while (level > 0) {
            if (this.tok.kind === 'eof') fail(Code.parse, "expected ')'", this.tok);
            if (this.is('(')) level++;
            if (this.is(')')) level--;
            this.next();
          }
          if (s.kind !== 'str' || (s.bytes ?? []).length)
            fail(Code.unsupported, 'inline assembly is not supported (only the empty compiler barrier)', s);
          this.expect(';');
          return { k: 'empty', pos };
        }
      }
      if (this.peek().text === ':' && this.peek().kind === 'punct' && !this.switches.length)
        fail(Code.unsupported, 'labels and goto are not supported', t);
    }
    const e = this.expr();
    this.expect(';', 'after expression');
    return { k: 'expr', e, pos };
  }
}
