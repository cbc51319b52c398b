import { describe, expect, test } from 'vitest';
import type { CompileError } from './diag.ts';
import { lex } from './lex.ts';

const kinds = (s: string) => lex(s, 'a.c').map((t) => `${t.kind}:${t.text}`);

describe('lex', () => {
  test('tokens with positions and line starts', () => {
    const t = lex('int x;\n  x += 0x10u;', 'a.c');
    expect(t.map((x) => [x.text, x.line, x.col, x.bol])).toEqual([
      ['int', 1, 1, true],
      ['x', 1, 5, false],
      [';', 1, 6, false],
      ['x', 2, 3, true],
      ['+=', 2, 5, false],
      ['0x10u', 2, 8, false],
      [';', 2, 13, false],
      ['', 2, 14, true],
    ]);
    expect(t[5]).toMatchObject({ value: 16n, unsigned: true, long: 0 });
  });

  test('numbers: octal, binary, suffixes; characters are signed; strings decode escapes', () => {
    const t = lex(`017 0b101 42ULL 1l '\\xff' 'A' "a\\n\\x41\\0"`, 'a.c');
    expect(t.slice(0, 6).map((x) => x.value)).toEqual([15n, 5n, 42n, 1n, -1n, 65n]);
    expect(t[2]).toMatchObject({ unsigned: true, long: 2 });
    expect(t[6].bytes).toEqual([97, 10, 65, 0]);
  });

  test('comments and line continuations vanish', () => {
    expect(kinds('a /* x\ny */ b // c\\\nd\ne')).toEqual(['id:a', 'id:b', 'id:e', 'eof:']);
  });

  test('longest punctuator wins', () => {
    expect(kinds('a<<=b->c...')).toEqual(['id:a', 'punct:<<=', 'id:b', 'punct:->', 'id:c', 'punct:...', 'eof:']);
  });

  test('errors carry positions', () => {
    const err = (s: string) => {
      try {
        lex(s, 'a.c');
      } catch (e) {
        return (e as CompileError).diag;
      }
      return null;
    };
    expect(err('int x = 1.5;')).toMatchObject({
      message: 'floating-point numbers are not supported in BPF programs',
      col: 9,
    });
    expect(err('x = "abc')).toMatchObject({ message: "missing terminating '\"' character", col: 5 });
    expect(err('/* open')).toMatchObject({ message: 'unterminated /* comment', line: 1, col: 1 });
    expect(err('a @ b')?.message).toBe("invalid character '@' in source");
    expect(err('09')?.message).toBe("invalid digit in octal constant '09'");
  });
});
