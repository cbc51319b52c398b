/**
 * Parser foundations shared by the declaration, expression and statement parsers: the token
 * cursor, expectations with clang-style messages, the nesting guard, and GNU `__attribute__`
 * lists (only the attributes BPF programs use mean something; the rest are skipped).
 */
import type { Expr } from './ast.ts';
import type { Checker } from './check.ts';
import { Code, fail, Limits, type Pos } from './diag.ts';
import type { Token } from './lex.ts';

export interface Attrs {
  section?: string;
  noinline?: boolean;
  alwaysInline?: boolean;
  packed?: boolean;
  aligned?: number;
}

export abstract class ParserBase {
  protected i = 0;
  private depth = 0;
  constructor(
    protected toks: Token[],
    protected ck: Checker,
  ) {}

  protected get tok(): Token {
    return this.toks[this.i];
  }
  protected peek(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)];
  }
  protected is(text: string): boolean {
    const t = this.tok;
    return t.text === text && (t.kind === 'punct' || t.kind === 'id');
  }
  protected accept(text: string): boolean {
    if (this.is(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  protected expect(text: string, after?: string): Token {
    const t = this.tok;
    if (!this.is(text)) {
      fail(Code.parse, `expected '${text}'${after ? ` ${after}` : ''}`, t.kind === 'eof' ? t : t);
    }
    return this.next();
  }
  protected ident(what = 'identifier'): Token {
    const t = this.tok;
    if (t.kind !== 'id') fail(Code.parse, `expected ${what}`, t);
    return this.next();
  }
  /** Guard recursion (deeply nested input ends in a diagnostic, not a stack overflow). */
  protected enter(at: Pos): void {
    if (++this.depth > Limits.depth) fail(Code.limit, `bracket nesting level exceeded maximum of ${Limits.depth}`, at);
  }
  protected leave(): void {
    this.depth--;
  }

  abstract constExpr(): bigint;
  abstract assignExpr(): Expr;

  /** `__attribute__((...))` lists, possibly several in a row. */
  protected attributes(into: Attrs = {}): Attrs {
    while (this.is('__attribute__') || this.is('__attribute')) {
      this.next();
      this.expect('(');
      this.expect('(');
      while (!this.is(')')) {
        const name = this.ident('attribute name').text.replace(/^__(.*)__$/, '$1');
        let args: Token[] = [];
        if (this.accept('(')) {
          const start = this.i;
          let level = 0;
          while (!(level === 0 && this.is(')'))) {
            if (this.tok.kind === 'eof') fail(Code.parse, "expected ')'", this.tok);
            if (this.is('(')) level++;
            if (this.is(')')) level--;
            this.next();
          }
          args = this.toks.slice(start, this.i);
          this.expect(')');
        }
        if (name === 'section') {
          if (args[0]?.kind !== 'str') fail(Code.parse, "'section' attribute requires a string", this.tok);
          into.section = String.fromCharCode(...(args[0].bytes ?? []));
        } else if (name === 'noinline') into.noinline = true;
        else if (name === 'always_inline') into.alwaysInline = true;
        else if (name === 'packed') into.packed = true;
        else if (name === 'aligned') into.aligned = args[0]?.value !== undefined ? Number(args[0].value) : 8;
        if (!this.accept(',')) break;
      }
      this.expect(')');
      this.expect(')');
    }
    return into;
  }
}
