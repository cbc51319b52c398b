import { describe, expect, test } from 'vitest';
import type { CompileError } from './diag.ts';
import { preprocess } from './preprocess.ts';

const pp = (source: string, files: Record<string, string> = {}) =>
  preprocess({ path: 'dir/main.c', source, readFile: (p) => files[p] })
    .filter((t) => t.kind !== 'eof')
    .map((t) => t.text)
    .join(' ');
const ppErr = (source: string) => {
  try {
    pp(source);
  } catch (e) {
    return (e as CompileError).diag.message;
  }
  return null;
};

describe('preprocess', () => {
  test('object-like and function-like macros, nested and rescanned', () => {
    expect(pp('#define N 4\n#define SQ(x) ((x) * (x))\nSQ(N + 1)')).toBe('( ( 4 + 1 ) * ( 4 + 1 ) )');
    expect(pp('#define F(a, b) a + b\n#define G F(1, F(2, 3))\nG')).toBe('1 + 2 + 3');
  });

  test('# stringifies, ## pastes, variadic macros and GNU comma deletion', () => {
    expect(pp('#define S(x) #x\nS(a + b)')).toBe('"a + b"');
    expect(pp('#define C(a, b) a##b\nC(foo, 1)')).toBe('foo1');
    expect(pp('#define P(fmt, ...) f(fmt, ##__VA_ARGS__)\nP(1) P(1, 2, 3)')).toBe('f ( 1 ) f ( 1 , 2 , 3 )');
    expect(pp('#define Q(fmt, args...) g(fmt, ##args)\nQ(1) Q(1, x)')).toBe('g ( 1 ) g ( 1 , x )');
  });

  test('recursive macros stop (hide sets)', () => {
    expect(pp('#define X X + 1\nX')).toBe('X + 1');
    expect(pp('#define A B\n#define B A\nA')).toBe('A');
  });

  test('conditionals with defined, #elif and #else; skipped groups are not evaluated', () => {
    const src =
      '#define A 2\n#if defined(A) && A > 1\nyes\n#elif 1/0\nno\n#else\nno\n#endif\n#ifndef B\nb\n#endif\n#if 0\n#bogus\n#endif';
    expect(pp(src)).toBe('yes b');
  });

  test('#include "x.h" relative to the including file, then the shipped headers', () => {
    expect(pp('#include "sub/a.h"\nmain', { 'dir/sub/a.h': '#include "b.h"\na', 'dir/sub/b.h': 'b' })).toBe('b a main');
    expect(pp('#include <bpf/bpf_helpers.h>\nSEC("xdp")')).toMatch(
      /__attribute__ \( \( section \( "xdp" \) , used \) \)$/,
    );
    expect(pp('#include "once.h"\n#include "once.h"\n', { 'dir/once.h': '#pragma once\nx' })).toBe('x');
  });

  test('errors', () => {
    expect(ppErr('#include "nope.h"')).toMatch(/^'nope.h' file not found/);
    expect(ppErr('#if 1\nx')).toBe('unterminated conditional directive');
    expect(ppErr('#endif')).toBe('#endif without #if');
    expect(ppErr('#error stop here')).toBe('stop here');
    expect(ppErr('#define F(a) a\nF(1, 2)')).toBe('too many arguments provided to function-like macro invocation');
    expect(ppErr('#foo')).toBe("invalid preprocessing directive '#foo'");
  });
});
