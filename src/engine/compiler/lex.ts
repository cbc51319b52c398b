/**
 * Lexer: C source text → tokens with file/line/col. It knows C's token shapes (identifiers,
 * numbers with u/l suffixes, character and string literals with escapes, punctuators) and marks
 * which tokens start a line (the preprocessor needs that for directives). It does not expand
 * macros or know keywords — the parser decides what an identifier means.
 */
import { Code, fail, type Pos } from './diag.ts';

export type TokKind = 'id' | 'num' | 'str' | 'char' | 'punct' | 'eof';

export interface Token extends Pos {
  kind: TokKind;
  text: string;
  /** Numbers and characters: the value; strings: undefined. */
  value?: bigint;
  /** Numbers: suffix flags. */
  unsigned?: boolean;
  long?: number;
  /** Strings: the decoded bytes. */
  bytes?: number[];
  /** First token on its line (after the newline). */
  bol: boolean;
  /** Preceded by whitespace (for #define f(x) vs f (x)). */
  space: boolean;
  /** Macro names this token came from (stops recursive expansion). */
  hide?: Set<string>;
}

const PUNCTS = [
  '<<=',
  '>>=',
  '...',
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '##',
];
const PUNCT_START = new Set(PUNCTS.map((q) => q[0]));
const SINGLE = new Set('+-*/%&|^~!<>=?:;,.(){}[]#'.split(''));

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

const ESC: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27 };

export function lex(src: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let bol = true;
  let space = false;
  const n = src.length;
  const at = (): Pos => ({ file, line, col: i - lineStart + 1 });
  const readEscape = (): number => {
    // src[i] is the char after the backslash
    const c = src[i];
    if (c === 'x') {
      i++;
      let v = 0;
      let digits = 0;
      while (i < n && /[0-9a-fA-F]/.test(src[i])) {
        v = (v * 16 + Number.parseInt(src[i], 16)) & 0xff;
        i++;
        digits++;
      }
      if (!digits) fail(Code.lex, '\\x used with no following hex digits', at());
      return v;
    }
    if (c >= '0' && c <= '7') {
      let v = 0;
      for (let k = 0; k < 3 && i < n && src[i] >= '0' && src[i] <= '7'; k++) v = v * 8 + (src.charCodeAt(i++) - 48);
      return v & 0xff;
    }
    i++;
    if (c in ESC) return ESC[c];
    return c.charCodeAt(0) & 0xff;
  };
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      bol = true;
      space = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      space = true;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      line++;
      lineStart = i;
      space = true;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') {
        if (src[i] === '\\' && src[i + 1] === '\n') {
          i++;
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      space = true;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const start = at();
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) {
        if (src[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= n) fail(Code.lex, 'unterminated /* comment', start);
      i += 2;
      space = true;
      continue;
    }
    const pos = at();
    const base = { ...pos, bol, space };
    bol = false;
    space = false;
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && (isIdStart(src[j]) || isDigit(src[j]))) j++;
      // L'x' and L"..." wide literals are not part of the dialect: treated as an identifier + literal.
      out.push({
        kind: 'id',
        text: src.slice(i, j),
        file,
        line: pos.line,
        col: pos.col,
        bol: base.bol,
        space: base.space,
      });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let j = i;
      while (j < n && /[0-9a-zA-Z_.]/.test(src[j])) j++;
      const text = src.slice(i, j);
      out.push({ ...base, ...parseNumber(text, pos), text });
      i = j;
      continue;
    }
    if (c === "'") {
      i++;
      let v = 0;
      let count = 0;
      while (i < n && src[i] !== "'" && src[i] !== '\n') {
        if (src[i] === '\\') {
          i++;
          v = readEscape();
        } else {
          v = src.charCodeAt(i) & 0xff;
          i++;
        }
        count++;
      }
      if (src[i] !== "'" || count === 0)
        fail(Code.lex, count ? "missing terminating ' character" : 'empty character constant', pos);
      i++;
      // char is signed on BPF: '\xff' is -1
      out.push({
        ...base,
        kind: 'char',
        text: src.slice(pos.col - 1 + lineStart, i),
        value: BigInt(v >= 128 ? v - 256 : v),
      });
      continue;
    }
    if (c === '"') {
      i++;
      const bytes: number[] = [];
      while (i < n && src[i] !== '"' && src[i] !== '\n') {
        if (src[i] === '\\') {
          i++;
          bytes.push(readEscape());
        } else {
          const code = src.codePointAt(i)!;
          const enc = new TextEncoder().encode(String.fromCodePoint(code));
          bytes.push(...enc);
          i += code > 0xffff ? 2 : 1;
        }
      }
      if (src[i] !== '"') fail(Code.lex, "missing terminating '\"' character", pos);
      i++;
      out.push({ ...base, kind: 'str', text: src.slice(lineStart + pos.col - 1, i), bytes });
      continue;
    }
    let p: string | undefined;
    if (PUNCT_START.has(c)) p = PUNCTS.find((q) => src.startsWith(q, i));
    if (!p && SINGLE.has(c)) p = c;
    if (!p) fail(Code.lex, `invalid character '${printable(c)}' in source`, pos);
    out.push({ kind: 'punct', text: p, file, line: pos.line, col: pos.col, bol: base.bol, space: base.space });
    i += p.length;
  }
  out.push({ kind: 'eof', text: '', file, line, col: i - lineStart + 1, bol: true, space: false });
  return out;
}

function printable(c: string): string {
  const code = c.charCodeAt(0);
  return code < 32 || code > 126 ? `\\x${code.toString(16).padStart(2, '0')}` : c;
}

function parseNumber(text: string, pos: Pos): Pick<Token, 'kind' | 'value' | 'unsigned' | 'long'> {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(text);
  if (!m) {
    if (/^[0-9]*\.[0-9]*|[eE]/.test(text) && !/^0[xX]/.test(text))
      fail(Code.unsupported, 'floating-point numbers are not supported in BPF programs', pos);
    fail(Code.lex, `invalid number '${text}'`, pos);
  }
  const digits = m[1];
  const suffix = m[2].toLowerCase();
  if (!/^(u?l{0,2}|l{1,2}u)$/.test(suffix)) fail(Code.lex, `invalid suffix '${m[2]}' on integer constant`, pos);
  let value: bigint;
  if (/^0[0-7]+$/.test(digits)) value = BigInt(`0o${digits.slice(1)}`);
  else if (/^0[0-9]+$/.test(digits)) fail(Code.lex, `invalid digit in octal constant '${text}'`, pos);
  else value = BigInt(digits);
  if (value >= 1n << 64n) fail(Code.lex, 'integer literal is too large to be represented in any integer type', pos);
  return { kind: 'num', value, unsigned: suffix.includes('u'), long: (suffix.match(/l/g) ?? []).length };
}

/** Binary operators and their C precedence (higher binds tighter); the parser and #if share it. */
export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};
