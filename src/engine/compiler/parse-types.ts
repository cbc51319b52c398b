/**
 * Declaration syntax: declaration specifiers (integer keywords and their combinations,
 * struct/union/enum, typedef names, `typeof`, qualifiers, storage classes, attributes),
 * declarators (pointers, arrays, functions, parenthesised — enough for libbpf's helper
 * prototypes and `__uint`'s `int (*type)[N]`), type names, and initialisers flattened to
 * (offset, type, expression) stores.
 */
import type { InitItem } from './ast.ts';
import { Code, fail, type Pos } from './diag.ts';
import type { Token } from './lex.ts';
import { type Attrs, ParserBase } from './parse-base.ts';
import { type FuncT, findField, isInt, layoutStruct, ptrTo, sizeOf, T, type Type, typeName } from './types.ts';

export interface DeclSpec {
  ty: Type;
  storage: 'typedef' | 'static' | 'extern' | null;
  inline: boolean;
  attrs: Attrs;
}

const INT_WORDS = new Set([
  'void',
  'char',
  'short',
  'int',
  'long',
  'signed',
  'unsigned',
  '_Bool',
  '__signed__',
  '__int128',
]);
const QUALS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__volatile__', '__const']);
const STORAGE = new Set([
  'typedef',
  'static',
  'extern',
  'inline',
  '__inline',
  '__inline__',
  'register',
  'auto',
  '_Thread_local',
]);
const TYPE_START = new Set([
  'float',
  'double',
  ...INT_WORDS,
  ...QUALS,
  ...STORAGE,
  'struct',
  'union',
  'enum',
  'typeof',
  '__typeof__',
  '__typeof',
  '__attribute__',
  '__attribute',
  '_Alignas',
]);

export abstract class TypeParser extends ParserBase {
  protected isTypeStart(t: Token = this.tok): boolean {
    if (t.kind !== 'id') return false;
    return TYPE_START.has(t.text) || this.ck.isTypedef(t.text);
  }

  protected declSpec(): DeclSpec {
    const start = this.tok;
    const spec: DeclSpec = { ty: T.int, storage: null, inline: false, attrs: {} };
    let base: Type | null = null;
    const words: string[] = [];
    let cst = false;
    let vol = false;
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'id') break;
      if (QUALS.has(t.text)) {
        if (t.text === 'const' || t.text === '__const') cst = true;
        if (t.text === 'volatile' || t.text === '__volatile__') vol = true;
        this.next();
      } else if (STORAGE.has(t.text)) {
        this.next();
        if (t.text.includes('inline')) spec.inline = true;
        else if (t.text === 'typedef' || t.text === 'static' || t.text === 'extern') {
          if (spec.storage && spec.storage !== t.text)
            fail(Code.parse, 'cannot combine with previous declaration specifier', t);
          spec.storage = t.text;
        }
      } else if (t.text === '__attribute__' || t.text === '__attribute') {
        this.attributes(spec.attrs);
      } else if (t.text === '_Alignas') {
        this.next();
        this.expect('(');
        spec.attrs.aligned = this.isTypeStart() ? sizeOf(this.typeName()) : Number(this.constExpr());
        this.expect(')');
      } else if (t.text === 'float' || t.text === 'double') {
        fail(Code.unsupported, 'floating-point types are not supported in BPF programs', t);
      } else if (INT_WORDS.has(t.text)) {
        if (base) fail(Code.parse, 'cannot combine with previous declaration specifier', t);
        if (t.text === '__int128') fail(Code.unsupported, '__int128 is not supported', t);
        words.push(t.text === '__signed__' ? 'signed' : t.text);
        this.next();
      } else if (t.text === 'struct' || t.text === 'union') {
        if (base || words.length) fail(Code.parse, 'cannot combine with previous declaration specifier', t);
        base = this.structSpec();
      } else if (t.text === 'enum') {
        if (base || words.length) fail(Code.parse, 'cannot combine with previous declaration specifier', t);
        base = this.enumSpec();
      } else if (t.text === 'typeof' || t.text === '__typeof__' || t.text === '__typeof') {
        if (base || words.length) fail(Code.parse, 'cannot combine with previous declaration specifier', t);
        this.next();
        this.expect('(');
        base = this.isTypeStart() ? this.typeName() : this.ck.rv(this.assignExpr()).ty;
        this.expect(')');
      } else if (!base && !words.length && this.ck.isTypedef(t.text)) {
        const s = this.ck.lookup(t.text);
        base = s?.k === 'typedef' ? s.ty : T.int;
        this.next();
      } else break;
    }
    if (!base) {
      if (!words.length && !cst && !vol && !spec.storage && !spec.inline)
        fail(
          Code.parse,
          start.kind === 'id' ? `unknown type name '${start.text}'` : "expected identifier or '('",
          start,
        );
      base = intFromWords(words, start);
    }
    if (cst || vol) base = { ...base, ...(cst ? { cst: true } : {}), ...(vol ? { vol: true } : {}) };
    spec.ty = base;
    return spec;
  }

  private structSpec(): Type {
    const kw = this.next();
    const union = kw.text === 'union';
    const attrs = this.attributes();
    let name: string | null = null;
    if (this.tok.kind === 'id' && this.tok.text !== '{') name = this.next().text;
    if (!this.is('{')) {
      if (name === null) fail(Code.parse, `declaration of anonymous ${kw.text} must be a definition`, kw);
      const defining = this.is(';');
      return { k: 'struct', s: this.ck.structTag(name, union, defining, kw) };
    }
    const s = this.ck.structTag(name, union, true, kw);
    if (s.fields) fail(Code.type, `redefinition of '${name}'`, kw);
    this.expect('{');
    const members: { name: string | null; type: Type; align?: number }[] = [];
    while (!this.accept('}')) {
      this.enter(this.tok);
      const spec = this.declSpec();
      if (this.accept(';')) {
        if (spec.ty.k === 'struct' && spec.ty.s.name === null) members.push({ name: null, type: spec.ty });
        this.leave();
        continue;
      }
      do {
        const d = this.declarator(spec.ty);
        if (this.is(':')) fail(Code.unsupported, 'bit-fields are not supported', this.tok);
        const fa = this.attributes();
        if (!d.name) fail(Code.parse, 'expected member name', this.tok);
        if (d.ty.k === 'func') fail(Code.type, `field '${d.name}' declared as a function`, d.pos);
        if (d.ty.k === 'struct' && !d.ty.s.fields)
          fail(Code.type, `field has incomplete type '${typeName(d.ty)}'`, d.pos);
        members.push({ name: d.name, type: d.ty, align: fa.aligned ?? spec.attrs.aligned });
      } while (this.accept(','));
      this.expect(';', 'at end of declaration list');
      this.leave();
    }
    this.attributes(attrs);
    s.packed = !!attrs.packed;
    layoutStruct(s, members);
    if (attrs.aligned) {
      s.align = Math.max(s.align, attrs.aligned);
      s.size = Math.ceil(s.size / s.align) * s.align;
    }
    return { k: 'struct', s };
  }

  private enumSpec(): Type {
    this.next();
    this.attributes();
    if (this.tok.kind === 'id' && !this.is('{')) {
      const name = this.next().text;
      this.ck.enumTag(name);
      if (!this.is('{')) return T.uint;
    }
    this.expect('{');
    let v = 0n;
    let anyNeg = false;
    while (!this.accept('}')) {
      const n = this.ident('enumerator name');
      if (this.accept('=')) v = this.constExpr();
      if (v < 0n) anyNeg = true;
      this.ck.declare(n.text, { k: 'enumconst', v });
      v++;
      if (!this.accept(',')) {
        this.expect('}');
        break;
      }
    }
    return anyNeg ? T.int : T.uint;
  }

  /** A declarator: name (or null for abstract) and its full type. */
  protected declarator(base: Type): {
    name: string | null;
    ty: Type;
    pos: Pos;
    params?: { name: string | null; ty: Type; pos: Pos }[];
  } {
    let ty = base;
    while (this.is('*')) {
      this.next();
      ty = ptrTo(ty);
      while (this.tok.kind === 'id' && (QUALS.has(this.tok.text) || this.tok.text.startsWith('__attribute'))) {
        if (this.tok.text === 'const') ty = { ...ty, cst: true };
        if (this.tok.text.startsWith('__attribute')) this.attributes();
        else this.next();
      }
    }
    this.attributes();
    const pos: Pos = this.tok;
    if (this.is('(') && !this.isTypeStart(this.peek()) && !this.peek().text.startsWith(')')) {
      // nested declarator: parse the suffixes after it first, then the inside with that type
      this.enter(this.tok);
      const open = this.i;
      let level = 0;
      do {
        if (this.tok.kind === 'eof') fail(Code.parse, "expected ')'", this.tok);
        if (this.is('(')) level++;
        if (this.is(')')) level--;
        this.next();
      } while (level > 0);
      const outer = this.suffixes(ty);
      const end = this.i;
      this.i = open + 1;
      const inner = this.declarator(outer.ty);
      this.expect(')');
      this.i = end;
      this.leave();
      return inner;
    }
    let name: string | null = null;
    if (this.tok.kind === 'id' && !this.isTypeStart()) name = this.next().text;
    const s = this.suffixes(ty);
    return { name, ty: s.ty, pos, params: s.params };
  }

  private suffixes(base: Type): { ty: Type; params?: { name: string | null; ty: Type; pos: Pos }[] } {
    if (this.accept('[')) {
      let len: number | null = null;
      if (!this.is(']')) {
        const at = this.tok;
        const v = this.constExpr();
        if (v < 0n) fail(Code.type, 'array size is negative', at);
        if (v > 1n << 24n) fail(Code.limit, 'array is too large', at);
        len = Number(v);
      }
      this.expect(']');
      const inner = this.suffixes(base);
      if (inner.ty.k === 'func') fail(Code.type, 'array of functions', this.tok);
      return { ty: { k: 'arr', of: inner.ty, len } };
    }
    if (this.accept('(')) {
      const params: { name: string | null; ty: Type; pos: Pos }[] = [];
      let variadic = false;
      if (this.is('void') && this.peek().text === ')') this.next();
      while (!this.is(')')) {
        if (this.accept('...')) {
          variadic = true;
          break;
        }
        const spec = this.declSpec();
        const d = this.declarator(spec.ty);
        let pty = d.ty;
        if (pty.k === 'arr') pty = ptrTo(pty.of);
        if (pty.k === 'func') pty = ptrTo(pty);
        params.push({ name: d.name, ty: pty, pos: d.pos });
        if (!this.accept(',')) break;
      }
      this.expect(')');
      const ft: FuncT = {
        k: 'func',
        ret: base,
        params: params.map((p) => p.ty),
        names: params.map((p) => p.name),
        variadic,
      };
      return { ty: ft, params };
    }
    return { ty: base };
  }

  protected typeName(): Type {
    const spec = this.declSpec();
    return this.declarator(spec.ty).ty;
  }

  /** An initialiser for an object of type `ty` at `off`, flattened into scalar stores. */
  protected initializer(ty: Type, off: number, out: InitItem[]): Type {
    if (
      ty.k === 'arr' &&
      (this.tok.kind === 'str' || (this.is('{') && this.peek().kind === 'str' && this.peek(2).text === '}'))
    ) {
      const braced = this.accept('{');
      const s = this.next();
      if (braced) this.expect('}');
      const bytes = [...(s.bytes ?? []), 0];
      if (!isInt(ty.of) || ty.of.size !== 1) fail(Code.type, 'array initializer must be an initializer list', s);
      const len = ty.len ?? bytes.length;
      if (bytes.length - 1 > len) fail(Code.type, `initializer-string for char array is too long`, s);
      out.push({
        off,
        ty: { k: 'arr', of: ty.of, len },
        e: { k: 'str', bytes: bytes.slice(0, len), ty: { k: 'arr', of: ty.of, len }, pos: s },
      });
      return { ...ty, len };
    }
    if (!this.is('{')) {
      if (ty.k === 'arr' || ty.k === 'struct') {
        const e = this.assignExpr();
        if (ty.k === 'struct' && e.ty.k === 'struct' && e.ty.s === ty.s) {
          out.push({ off, ty, e });
          return ty;
        }
        fail(
          Code.type,
          `initializing ${typeName(ty)} with an expression of incompatible type '${typeName(e.ty)}'`,
          e.pos,
        );
      }
      const e = this.assignExpr();
      out.push({ off, ty, e: this.ck.convert(e, ty, e.pos, false, 'initializing') });
      return ty;
    }
    const open = this.next();
    this.enter(open);
    let result = ty;
    if (ty.k === 'arr') {
      const esz = sizeOf(ty.of);
      let idx = 0;
      let max = 0;
      while (!this.accept('}')) {
        if (this.accept('[')) {
          const at = this.tok;
          idx = Number(this.constExpr());
          this.expect(']');
          if (idx < 0 || (ty.len !== null && idx >= ty.len))
            fail(Code.type, `array index ${idx} is past the end of the array`, at);
          this.designated(ty.of, off + idx * esz, out);
        } else if (ty.len !== null && idx >= ty.len) fail(Code.type, 'excess elements in array initializer', this.tok);
        else this.initializer(ty.of, off + idx * esz, out);
        idx++;
        max = Math.max(max, idx);
        if (!this.accept(',')) {
          this.expect('}');
          break;
        }
      }
      result = { ...ty, len: ty.len ?? max };
    } else if (ty.k === 'struct') {
      const fields = ty.s.fields ?? fail(Code.type, `variable has incomplete type '${typeName(ty)}'`, open);
      let k = 0;
      while (!this.accept('}')) {
        let f = fields[k];
        if (this.accept('.')) {
          const n = this.ident('field designator');
          const found = findField(ty.s, n.text);
          if (!found)
            fail(Code.type, `field designator '${n.text}' does not refer to any field in type '${typeName(ty)}'`, n);
          f = found;
          k = Math.max(
            0,
            fields.findIndex((x) => x.name === n.text),
          );
          this.designated(f.type, off + f.offset, out);
        } else if (!f) fail(Code.type, `excess elements in ${ty.s.union ? 'union' : 'struct'} initializer`, this.tok);
        else this.initializer(f.type, off + f.offset, out);
        k++;
        if (ty.s.union) k = fields.length;
        if (!this.accept(',')) {
          this.expect('}');
          break;
        }
      }
    } else {
      if (this.is('}')) fail(Code.type, 'scalar initializer cannot be empty', this.tok);
      this.initializer(ty, off, out);
      this.accept(',');
      this.expect('}');
    }
    this.leave();
    return result;
  }

  /** The rest of a designator chain (`.a.b[2] = v`) after its first element, then the value. */
  private designated(ty: Type, off: number, out: InitItem[]): void {
    this.enter(this.tok);
    if (this.accept('.')) {
      const n = this.ident('field designator');
      const f = ty.k === 'struct' ? findField(ty.s, n.text) : null;
      if (!f) fail(Code.type, `field designator '${n.text}' does not refer to any field in type '${typeName(ty)}'`, n);
      this.designated(f.type, off + f.offset, out);
    } else if (this.accept('[')) {
      const at = this.tok;
      const idx = Number(this.constExpr());
      this.expect(']');
      if (ty.k !== 'arr') fail(Code.type, `array designator cannot initialize non-array type '${typeName(ty)}'`, at);
      if (idx < 0 || (ty.len !== null && idx >= ty.len))
        fail(Code.type, `array index ${idx} is past the end of the array`, at);
      this.designated(ty.of, off + idx * sizeOf(ty.of), out);
    } else {
      this.expect('=');
      this.initializer(ty, off, out);
    }
    this.leave();
  }
}

function intFromWords(words: string[], at: Pos): Type {
  const count = (w: string) => words.filter((x) => x === w).length;
  const longs = count('long');
  const unsigned = count('unsigned') > 0;
  const signed = count('signed') > 0;
  if (unsigned && signed) fail(Code.parse, "'signed' and 'unsigned' cannot be combined", at);
  if (count('void')) {
    if (words.length > 1) fail(Code.parse, "'void' cannot be combined with other type specifiers", at);
    return T.void;
  }
  if (count('_Bool')) return T.bool;
  if (count('char')) return unsigned ? T.uchar : signed ? T.schar : T.char;
  if (count('short')) return unsigned ? T.ushort : T.short;
  if (longs >= 2) return unsigned ? T.ullong : T.llong;
  if (longs === 1) return unsigned ? T.ulong : T.long;
  return unsigned ? T.uint : T.int;
}
