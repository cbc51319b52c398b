import { describe, expect, test } from 'vitest';
import type { Stmt } from './ast.ts';
import type { CompileError } from './diag.ts';
import { parse } from './parse.ts';
import { preprocess } from './preprocess.ts';
import { typeName } from './types.ts';

const unit = (src: string) => parse(preprocess({ path: 'a.c', source: src }));
/** The type of an expression statement. */
function typeOf(decls: string, expr: string): string {
  const u = unit(`${decls}\nvoid f(void) { ${expr}; }`);
  const body = u.funcs[0].body as Stmt & { k: 'block' };
  return typeName((body.body[0] as Stmt & { k: 'expr' }).e.ty);
}
function error(src: string): string | null {
  try {
    unit(src);
  } catch (e) {
    return (e as CompileError).diag.message;
  }
  return null;
}

describe('parse + check', () => {
  test('integer promotions and usual arithmetic conversions', () => {
    expect(typeOf('char c; short s;', 'c + s')).toBe('int');
    expect(typeOf('unsigned char c;', 'c')).toBe('unsigned char');
    expect(typeOf('int i; unsigned u;', 'i + u')).toBe('unsigned int');
    expect(typeOf('long l; unsigned u;', 'l + u')).toBe('long');
    expect(typeOf('unsigned long ul; long l;', 'ul * l')).toBe('unsigned long');
    expect(typeOf('int i; unsigned long long x;', 'i << x')).toBe('int');
    expect(typeOf('int *p;', 'p + 1')).toBe('int *');
    expect(typeOf('int *p, *q;', 'p - q')).toBe('long');
    expect(typeOf('int i;', 'i < 3')).toBe('int');
  });

  test('literal types follow C: decimal int/long, hex may be unsigned', () => {
    expect(typeOf('', '2147483647')).toBe('int');
    expect(typeOf('', '2147483648')).toBe('long');
    expect(typeOf('', '0xffffffff')).toBe('unsigned int');
    expect(typeOf('', '1ULL')).toBe('unsigned long long');
    expect(typeOf('', "'a'")).toBe('int');
  });

  test('constant folding: sizeof, offsetof, enum values, array sizes', () => {
    const u = unit(
      'struct s { char a; long b; }; enum { A = 3, B, C = A * 10 }; int arr[C + sizeof(struct s)]; int k = __builtin_offsetof(struct s, b) + B;',
    );
    const arr = u.globals.find((g) => g.name === 'arr')!;
    expect(typeName(arr.ty)).toBe('int[46]');
    const k = u.globals.find((g) => g.name === 'k')!;
    expect(k.init?.[0].e).toMatchObject({ k: 'num', v: 12n });
  });

  test('declarators: helper prototypes, pointers to arrays (__uint), typedefs, nested structs', () => {
    const u = unit(
      'typedef unsigned int u32; static long (*helper)(void *m, const void *k) = (void *) 2;\nstruct { int (*type)[6]; u32 *key; } m; struct o { struct { int x; } in; int y[2]; } v;',
    );
    expect(u.globals.map((g) => `${g.name}: ${typeName(g.ty)}`)).toEqual(['m: struct (anonymous)', 'v: struct o']);
    const m = u.globals[0].ty;
    expect(m.k === 'struct' && m.s.fields!.map((f) => typeName(f.type))).toEqual(['int[6] *', 'unsigned int *']);
  });

  test('statement forms and scopes', () => {
    const u = unit(
      'int f(int n) { int s = 0; for (int i = 0; i < n; i++) { if (i & 1) continue; s += i; } do { s--; } while (s > 100); switch (n) { case 1: return 1; default: break; } { int s = 2; (void)s; } return s > 0 ? s : -s; }',
    );
    expect(u.funcs[0].body).toBeTruthy();
  });

  test("errors use clang's wording", () => {
    expect(error('int f(void) { return y; }')).toBe("use of undeclared identifier 'y'");
    expect(error('struct s { int a; }; int f(struct s *p) { return p->b; }')).toBe("no member named 'b' in 'struct s'");
    expect(error('int f(void) { int x; x = 1 }')).toBe("expected ';' after expression");
    expect(error('int f(void) { break; }')).toBe("'break' statement not in loop or switch statement");
    expect(error('const int c = 1; int f(void) { c = 2; return 0; }')).toBe(
      "cannot assign to variable with const-qualified type 'const int'",
    );
    expect(error('void f(void) { return 1; }')).toBe("void function 'f' should not return a value");
    expect(error('int f(void) { return; }')).toBe("non-void function 'f' should return a value");
    expect(error('int f(int a) { return a(1); }')).toMatch(/function pointers|not a function/);
    expect(error('struct s { int a : 3; };')).toBe('bit-fields are not supported');
    expect(error('int f(void) { goto out; }')).toBe('goto is not supported');
    expect(error('int f(void) { float x; return 0; }')).toBe('floating-point types are not supported in BPF programs');
    expect(error('int f(void) { switch (1) { case 1: case 1: break; } return 0; }')).toBe('duplicate case value');
  });
});

describe('unsupported C says what is unsupported', () => {
  test('structs by value across calls', () => {
    expect(
      error(
        'struct s { int a; }; static int f(struct s v) { return v.a; } int g(void) { struct s x = {}; return f(x); }',
      ),
    ).toBe('passing a struct by value is not supported; pass a pointer to it');
    expect(
      error(
        'struct s { int a; }; static struct s f(void) { struct s v = {}; return v; } int g(void) { return f().a; }',
      ),
    ).toBe('returning a struct by value is not supported; return a pointer or fill one in');
  });
});
