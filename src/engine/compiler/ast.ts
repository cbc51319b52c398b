/**
 * The typed syntax tree the checker builds and the lowering consumes. Every expression carries
 * its C type after conversions: implicit conversions are explicit `cast` nodes, pointer
 * arithmetic has its scale, lvalues are `var`/`deref`/`member`. Declarations carry symbols.
 */
import type { Pos } from './diag.ts';
import type { FuncT, Type } from './types.ts';

export interface VarSym {
  name: string;
  ty: Type;
  kind: 'local' | 'global' | 'param';
  pos: Pos;
  id: number;
  addrTaken: boolean;
  isStatic?: boolean;
  isExtern?: boolean;
  section?: string;
  /** Globals: the flattened initialiser. */
  init?: InitItem[] | null;
  /** A libbpf helper prototype: `static T (*name)(...) = (void *) ID;`. */
  helperId?: number;
  /** Number of uses (register allocation preference). */
  uses: number;
}

export interface FuncSym {
  name: string;
  ty: FuncT;
  pos: Pos;
  params: VarSym[];
  body: Stmt | null;
  section?: string;
  inline: 'always' | 'never' | 'default';
  isStatic: boolean;
}

/** One scalar (or string) store of an initialiser at a byte offset; the rest is zero. */
export interface InitItem {
  off: number;
  ty: Type;
  e: Expr;
}

export type BinOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type AtomicOp = 'add' | 'sub' | 'or' | 'and' | 'xor';

interface N {
  ty: Type;
  pos: Pos;
}
export type Expr = N &
  (
    | { k: 'num'; v: bigint }
    | { k: 'str'; bytes: number[] }
    | { k: 'var'; sym: VarSym }
    | { k: 'deref'; p: Expr }
    | { k: 'member'; base: Expr; off: number }
    | { k: 'addr'; e: Expr }
    | { k: 'cast'; e: Expr }
    | { k: 'bin'; op: BinOp; l: Expr; r: Expr }
    | { k: 'cmp'; op: CmpOp; l: Expr; r: Expr; signed: boolean }
    | { k: 'padd'; p: Expr; i: Expr; scale: number; sub: boolean }
    | { k: 'pdiff'; l: Expr; r: Expr; scale: number }
    | { k: 'not'; e: Expr }
    | { k: 'neg'; e: Expr }
    | { k: 'bnot'; e: Expr }
    | { k: 'land' | 'lor'; l: Expr; r: Expr }
    | { k: 'cond'; c: Expr; a: Expr; b: Expr }
    | { k: 'comma'; a: Expr; b: Expr }
    | { k: 'assign'; l: Expr; r: Expr }
    | { k: 'opassign'; op: BinOp; l: Expr; r: Expr; opTy: Type; scale: number }
    | { k: 'incdec'; l: Expr; post: boolean; delta: number }
    | { k: 'call'; fn: FuncSym; args: Expr[] }
    | { k: 'helper'; id: number; args: Expr[] }
    | { k: 'atomic'; op: AtomicOp; p: Expr; v: Expr; ret: 'old' | 'new' }
    | { k: 'cas'; p: Expr; old: Expr; nu: Expr; bool: boolean }
    | { k: 'xchg'; p: Expr; v: Expr }
    | { k: 'bswap'; e: Expr; bits: 16 | 32 | 64 }
    | { k: 'stmtexpr'; body: Stmt[]; last: Expr | null }
    | { k: 'memset'; p: Expr; size: number }
    | { k: 'memcpy'; dst: Expr; src: Expr; size: number }
  );

interface S {
  pos: Pos;
}
export type Stmt = S &
  (
    | { k: 'expr'; e: Expr }
    | { k: 'decl'; sym: VarSym; init: InitItem[] | null; zero: boolean }
    | { k: 'block'; body: Stmt[] }
    | { k: 'if'; c: Expr; a: Stmt; b: Stmt | null }
    | { k: 'while'; c: Expr; body: Stmt }
    | { k: 'do'; body: Stmt; c: Expr }
    | { k: 'for'; init: Stmt | null; c: Expr | null; step: Expr | null; body: Stmt }
    | { k: 'break' }
    | { k: 'continue' }
    | { k: 'return'; e: Expr | null }
    | { k: 'switch'; e: Expr; body: Stmt; cases: bigint[]; hasDefault: boolean }
    | { k: 'case'; v: bigint }
    | { k: 'default' }
    | { k: 'empty' }
  );

export interface Unit {
  globals: VarSym[];
  funcs: FuncSym[];
}
