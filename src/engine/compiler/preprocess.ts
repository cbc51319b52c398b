/**
 * Preprocessor: a source file (and everything it includes) → one token stream for the parser.
 * Handles `#include` ("local.h" relative to the including file through readFile, then the
 * engine's shipped headers; <...> from the shipped headers), object- and function-like
 * `#define` (with #, ## and __VA_ARGS__), `#undef`, `#if/#ifdef/#ifndef/#elif/#else/#endif`
 * with `defined`, `#pragma once`, `#error`. Other pragmas are ignored. Work is bounded
 * (include depth, expansion count, output size) so hostile input ends in a diagnostic.
 */
import { Code, fail, Limits, type Pos } from './diag.ts';
import { shippedHeaders } from './include/index.ts';
import { BINARY_PRECEDENCE, lex, type Token } from './lex.ts';

interface Macro {
  name: string;
  params?: string[];
  variadic?: boolean;
  body: Token[];
}

interface Cond {
  active: boolean;
  taken: boolean;
  sawElse: boolean;
  at: Pos;
}

export interface PreprocessInput {
  path: string;
  source: string;
  readFile?: (path: string) => string | undefined;
}

const PREDEFINED: Record<string, string> = {
  __bpf__: '1',
  __BPF__: '1',
  __clang__: '1',
  __STDC__: '1',
  __LOCKSTEP__: '1',
  __ORDER_LITTLE_ENDIAN__: '1234',
  __ORDER_BIG_ENDIAN__: '4321',
  __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__',
  __CHAR_BIT__: '8',
  __SIZEOF_LONG__: '8',
  __SIZEOF_POINTER__: '8',
};

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i + 1);
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

export function preprocess(input: PreprocessInput): Token[] {
  return new Preprocessor(input).run();
}

class Preprocessor {
  private macros = new Map<string, Macro>();
  private out: Token[] = [];
  private once = new Set<string>();
  private expansions = 0;
  private work = 0;
  private bytes = 0;
  private depth = 0;

  constructor(private input: PreprocessInput) {
    for (const [name, body] of Object.entries(PREDEFINED)) {
      this.macros.set(name, { name, body: lex(body, '<built-in>').slice(0, -1) });
    }
  }

  run(): Token[] {
    this.file(this.input.path, this.input.source, 0);
    const last = this.out[this.out.length - 1];
    this.out.push({
      kind: 'eof',
      text: '',
      file: this.input.path,
      line: last?.line ?? 1,
      col: (last?.col ?? 0) + 1,
      bol: true,
      space: false,
    });
    return this.out;
  }

  private file(path: string, source: string, depth: number): void {
    this.bytes += source.length;
    if (this.bytes > 4 * Limits.sourceBytes)
      fail(Code.limit, 'too much source text in #included files', { file: path, line: 1, col: 1 });
    if (source.length > Limits.sourceBytes) {
      fail(
        Code.limit,
        `file too large for the course compiler (${source.length} bytes; the limit is ${Limits.sourceBytes})`,
        { file: path, line: 1, col: 1 },
      );
    }
    const toks = lex(source, path);
    const conds: Cond[] = [];
    const active = () => conds.every((c) => c.active);
    let run: Token[] = [];
    const flush = () => {
      if (run.length) {
        const expanded = this.expand(run);
        for (const t of expanded) this.out.push(t);
        if (this.out.length > Limits.tokens) fail(Code.limit, 'program too large (token limit reached)', run[0]);
        run = [];
      }
    };
    let i = 0;
    while (toks[i].kind !== 'eof') {
      const t = toks[i];
      if (!(t.bol && t.kind === 'punct' && t.text === '#')) {
        if (active()) run.push(t);
        i++;
        continue;
      }
      // a directive: the rest of this line
      let j = i + 1;
      while (toks[j].kind !== 'eof' && !toks[j].bol) j++;
      const line = toks.slice(i + 1, j);
      i = j;
      const name = line[0]?.text ?? '';
      const args = line.slice(1);
      const at: Pos = line[0] ?? t;
      if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
        let v = false;
        if (active()) {
          if (name === 'if') v = this.evalIf(args, at);
          else {
            if (args[0]?.kind !== 'id') fail(Code.pp, 'macro name missing', at);
            v = this.macros.has(args[0].text) === (name === 'ifdef');
          }
          conds.push({ active: v, taken: v, sawElse: false, at });
        } else conds.push({ active: false, taken: true, sawElse: false, at });
        continue;
      }
      if (name === 'elif' || name === 'else' || name === 'endif') {
        const c = conds[conds.length - 1];
        if (!c) fail(Code.pp, `#${name} without #if`, at);
        if (name === 'endif') {
          conds.pop();
          continue;
        }
        if (c.sawElse) fail(Code.pp, `#${name} after #else`, at);
        const outer = conds.slice(0, -1).every((x) => x.active);
        if (name === 'else') {
          c.sawElse = true;
          c.active = outer && !c.taken;
        } else {
          c.active = outer && !c.taken && this.evalIf(args, at);
        }
        if (c.active) c.taken = true;
        continue;
      }
      if (!active()) continue;
      flush();
      if (name === '') continue; // null directive
      if (name === 'define') this.define(args, at);
      else if (name === 'undef') {
        if (args[0]?.kind !== 'id') fail(Code.pp, 'macro name missing', at);
        this.macros.delete(args[0].text);
      } else if (name === 'include') this.include(args, at, path, depth);
      else if (name === 'pragma') {
        if (args[0]?.text === 'once') this.once.add(path);
      } else if (name === 'error') {
        fail(Code.pp, args.map((a) => a.text).join(' '), at);
      } else if (name === 'warning' || name === 'line') {
        // accepted and ignored
      } else fail(Code.pp, `invalid preprocessing directive '#${name}'`, at);
    }
    flush();
    if (conds.length) fail(Code.pp, 'unterminated conditional directive', conds[conds.length - 1].at);
  }

  private include(args: Token[], at: Pos, from: string, depth: number): void {
    if (depth >= Limits.includeDepth) fail(Code.include, '#include nested too deeply', at);
    let toks = args;
    if (toks[0] && toks[0].kind !== 'str' && toks[0].text !== '<') toks = this.expand(toks);
    let name: string;
    let quoted = false;
    if (toks[0]?.kind === 'str') {
      name = String.fromCharCode(...(toks[0].bytes ?? []));
      quoted = true;
    } else if (toks[0]?.text === '<') {
      const end = toks.findIndex((x) => x.text === '>');
      if (end < 0) fail(Code.include, "expected '>'", at);
      name = toks
        .slice(1, end)
        .map((x) => x.text)
        .join('');
    } else fail(Code.include, 'expected "FILENAME" or <FILENAME>', at);
    let path: string | undefined;
    let text: string | undefined;
    if (quoted && this.input.readFile) {
      const p = normalize(dirname(from) + name);
      let got: string | undefined;
      try {
        got = this.input.readFile(p);
      } catch {
        got = undefined; // an unreadable file is a missing file
      }
      if (got !== undefined) {
        path = p;
        text = got;
      }
    }
    if (text === undefined && name in shippedHeaders) {
      path = `<lockstep>/${name}`;
      text = shippedHeaders[name];
    }
    if (text === undefined || path === undefined) {
      fail(Code.include, `'${name}' file not found (shipped headers: ${Object.keys(shippedHeaders).join(', ')})`, at);
    }
    if (this.once.has(path)) return;
    this.file(path, text, depth + 1);
  }

  private define(args: Token[], at: Pos): void {
    const nameTok = args[0];
    if (nameTok?.kind !== 'id') fail(Code.pp, 'macro name must be an identifier', at);
    const m: Macro = { name: nameTok.text, body: [] };
    let k = 1;
    if (args[1]?.text === '(' && !args[1].space) {
      m.params = [];
      k = 2;
      while (args[k] && args[k].text !== ')') {
        const p = args[k];
        if (p.text === '...') {
          m.variadic = true;
          m.params.push('__VA_ARGS__');
        } else if (p.kind === 'id' && args[k + 1]?.text === '...') {
          m.variadic = true;
          m.params.push(p.text);
          k++;
        } else if (p.kind === 'id') m.params.push(p.text);
        else fail(Code.pp, 'invalid token in macro parameter list', p);
        k++;
        if (args[k]?.text === ',') k++;
        else if (args[k]?.text !== ')') fail(Code.pp, "expected ')' in macro parameter list", args[k] ?? at);
      }
      if (!args[k]) fail(Code.pp, "missing ')' in macro parameter list", at);
      k++;
    }
    m.body = args.slice(k);
    this.macros.set(m.name, m);
  }

  /** Macro-expand a token run (Prosser-style hide sets, bounded). */
  expand(tokens: Token[]): Token[] {
    if (++this.depth > Limits.depth) fail(Code.limit, 'macro expansion nested too deeply', tokens[0]);
    this.work += tokens.length;
    if (this.work > Limits.macroWork) fail(Code.limit, 'macro expansion too large', tokens[0]);
    const input = tokens.slice().reverse();
    const out: Token[] = [];
    while (input.length) {
      const t = input.pop()!;
      const m = t.kind === 'id' ? this.macros.get(t.text) : undefined;
      if (t.kind === 'id' && (t.text === '__LINE__' || t.text === '__FILE__')) {
        out.push(
          t.text === '__LINE__'
            ? { ...t, kind: 'num', value: BigInt(t.line), text: String(t.line) }
            : { ...t, kind: 'str', bytes: [...new TextEncoder().encode(t.file)] },
        );
        continue;
      }
      if (!m || t.hide?.has(m.name)) {
        out.push(t);
        continue;
      }
      if (++this.expansions > Limits.expansions) fail(Code.limit, 'too many macro expansions', t);
      this.work += m.body.length;
      if (this.work > Limits.macroWork || out.length > Limits.tokens) fail(Code.limit, 'macro expansion too large', t);
      const hide = new Set(t.hide ?? []);
      hide.add(m.name);
      if (!m.params) {
        const body = m.body.map((b, idx) => ({
          ...b,
          file: t.file,
          line: t.line,
          col: t.col,
          hide,
          bol: false,
          space: idx === 0 ? t.space : b.space,
        }));
        for (let q = body.length - 1; q >= 0; q--) input.push(body[q]);
        continue;
      }
      if (input[input.length - 1]?.text !== '(') {
        out.push(t);
        continue;
      }
      input.pop();
      const args: Token[][] = [[]];
      let level = 0;
      for (;;) {
        const a = input.pop();
        if (!a) fail(Code.pp, `unterminated function-like macro invocation '${m.name}'`, t);
        if (++this.work > Limits.macroWork) fail(Code.limit, 'macro expansion too large', t);
        if (a.text === '(' && a.kind === 'punct') level++;
        else if (a.text === ')' && a.kind === 'punct') {
          if (level === 0) break;
          level--;
        } else if (a.text === ',' && a.kind === 'punct' && level === 0) {
          if (!(m.variadic && args.length >= m.params.length)) {
            args.push([]);
            continue;
          }
        }
        args[args.length - 1].push(a);
      }
      if (m.params.length === 0 && args.length === 1 && args[0].length === 0) args.pop();
      if (m.variadic && args.length === m.params.length - 1) args.push([]);
      if (args.length !== m.params.length) {
        fail(
          Code.pp,
          `too ${args.length > m.params.length ? 'many' : 'few'} arguments provided to function-like macro invocation`,
          t,
        );
      }
      const body = this.substitute(m, args, t);
      for (let q = body.length - 1; q >= 0; q--)
        input.push({ ...body[q], hide: new Set([...(body[q].hide ?? []), ...hide]) });
    }
    this.depth--;
    return out;
  }

  private substitute(m: Macro, args: Token[][], at: Token): Token[] {
    const params = m.params!;
    const idx = (tok: Token | undefined) => (tok?.kind === 'id' ? params.indexOf(tok.text) : -1);
    const res: Token[] = [];
    const place = (b: Token): Token => ({ ...b, file: at.file, line: at.line, col: at.col, bol: false });
    const body = m.body;
    for (let k = 0; k < body.length; k++) {
      const b = body[k];
      if (b.text === '#' && b.kind === 'punct' && idx(body[k + 1]) >= 0) {
        const arg = args[idx(body[k + 1])];
        const text = arg.map((a, n) => (n && a.space ? ' ' : '') + a.text).join('');
        res.push(place({ ...b, kind: 'str', text: JSON.stringify(text), bytes: [...new TextEncoder().encode(text)] }));
        k++;
        continue;
      }
      if (b.text === '##' && b.kind === 'punct') {
        const nextTok = body[k + 1];
        if (!nextTok) fail(Code.pp, "'##' cannot appear at end of macro expansion", at);
        k++;
        const pi = idx(nextTok);
        const rhs = pi >= 0 ? args[pi] : [nextTok];
        if (pi >= 0 && m.variadic && pi === params.length - 1 && res[res.length - 1]?.text === ',') {
          // GNU `, ## __VA_ARGS__`: no arguments drop the comma, otherwise nothing is pasted
          if (rhs.length === 0) res.pop();
          else res.push(...this.expand(rhs).map(place));
          continue;
        }
        if (!rhs.length) continue;
        const lhs = res.pop();
        if (!lhs) {
          res.push(...rhs.map(place));
          continue;
        }
        const pasted = lex(lhs.text + rhs[0].text, at.file);
        if (pasted.length !== 2)
          fail(Code.pp, `pasting "${lhs.text}" and "${rhs[0].text}" does not give a valid preprocessing token`, at);
        res.push(place({ ...pasted[0], space: lhs.space }), ...rhs.slice(1).map(place));
        continue;
      }
      const pi = idx(b);
      if (pi >= 0) {
        const raw = body[k + 1]?.text === '##' ? args[pi] : this.expand(args[pi]);
        res.push(...raw.map((a, n) => place({ ...a, space: n === 0 ? b.space : a.space })));
        continue;
      }
      res.push(place(b));
    }
    return res;
  }

  private evalIf(args: Token[], at: Pos): boolean {
    // replace defined X / defined(X) before expansion
    const pre: Token[] = [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k];
      if (a.kind === 'id' && a.text === 'defined') {
        let nameTok = args[k + 1];
        if (nameTok?.text === '(') {
          nameTok = args[k + 2];
          if (args[k + 3]?.text !== ')') fail(Code.pp, "missing ')' after 'defined'", a);
          k += 3;
        } else k++;
        if (nameTok?.kind !== 'id') fail(Code.pp, 'macro name missing', a);
        pre.push({ ...a, kind: 'num', text: '1', value: this.macros.has(nameTok.text) ? 1n : 0n });
        continue;
      }
      pre.push(a);
    }
    const toks = this.expand(pre).map((t) =>
      t.kind === 'id' ? { ...t, kind: 'num' as const, value: t.text === 'true' ? 1n : 0n } : t,
    );
    if (!toks.length) fail(Code.pp, '#if with no expression', at);
    const ev = new IfEval(toks, at);
    const v = ev.expr(0);
    if (ev.i < toks.length)
      fail(Code.pp, `token is not a valid binary operator in a preprocessor subexpression`, toks[ev.i]);
    return v !== 0n;
  }
}

/** #if expressions: signed 64-bit arithmetic over bigint, precedence climbing. */
class IfEval {
  i = 0;
  private depth = 0;
  constructor(
    private toks: Token[],
    private at: Pos,
  ) {}
  private peek(): Token | undefined {
    return this.toks[this.i];
  }
  expr(minPrec: number): bigint {
    if (++this.depth > Limits.depth) fail(Code.limit, '#if expression nested too deeply', this.at);
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.text === '?' && minPrec === 0) {
        this.i++;
        const a = this.expr(0);
        if (this.peek()?.text !== ':') fail(Code.pp, "expected ':' in #if expression", t);
        this.i++;
        const b = this.expr(0);
        l = l !== 0n ? a : b;
        continue;
      }
      const p = t && t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (p === undefined || p <= minPrec - 1 || p < minPrec) break;
      this.i++;
      const r = this.expr(p + 1);
      l = BigInt.asIntN(64, binop(t!.text, l, r, t!));
    }
    this.depth--;
    return l;
  }
  private unary(): bigint {
    const t = this.toks[this.i++];
    if (!t) fail(Code.pp, 'expected value in expression', this.at);
    if (t.kind === 'num' || t.kind === 'char') return t.value!;
    if (t.text === '(') {
      const v = this.expr(0);
      if (this.peek()?.text !== ')') fail(Code.pp, "expected ')' in #if expression", t);
      this.i++;
      return v;
    }
    if (t.text === '!') return this.unary() === 0n ? 1n : 0n;
    if (t.text === '-') return BigInt.asIntN(64, -this.unary());
    if (t.text === '+') return this.unary();
    if (t.text === '~') return BigInt.asIntN(64, ~this.unary());
    fail(Code.pp, `invalid token at start of a preprocessor expression`, t);
  }
}

function binop(op: string, l: bigint, r: bigint, at: Pos): bigint {
  switch (op) {
    case '||':
      return l || r ? 1n : 0n;
    case '&&':
      return l && r ? 1n : 0n;
    case '|':
      return l | r;
    case '^':
      return l ^ r;
    case '&':
      return l & r;
    case '==':
      return l === r ? 1n : 0n;
    case '!=':
      return l !== r ? 1n : 0n;
    case '<':
      return l < r ? 1n : 0n;
    case '>':
      return l > r ? 1n : 0n;
    case '<=':
      return l <= r ? 1n : 0n;
    case '>=':
      return l >= r ? 1n : 0n;
    case '<<':
      return l << (r & 63n);
    case '>>':
      return l >> (r & 63n);
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
    case '%':
      if (r === 0n) fail(Code.pp, 'division by zero in preprocessor expression', at);
      return op === '/' ? l / r : l % r;
  }
  return 0n;
}
