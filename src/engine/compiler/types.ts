/**
 * The C type model of the dialect: integers (with their C name, size and signedness), void,
 * pointers, arrays, structs/unions with C layout, and function types. Enums are `int`-sized
 * integers. Also the C conversions (integer promotion, usual arithmetic conversions) and the
 * mapping to the program object's TypeLayout. No floating point (BPF has none).
 */
import type { TypeLayout } from '../object.ts';

export type Type = VoidT | IntT | PtrT | ArrT | StructT | FuncT;
interface Q {
  cst?: boolean;
  vol?: boolean;
}
export interface VoidT extends Q {
  k: 'void';
}
export interface IntT extends Q {
  k: 'int';
  size: 1 | 2 | 4 | 8;
  signed: boolean;
  name: string;
  bool?: boolean;
}
export interface PtrT extends Q {
  k: 'ptr';
  to: Type;
}
export interface ArrT extends Q {
  k: 'arr';
  of: Type;
  len: number | null;
}
export interface StructT extends Q {
  k: 'struct';
  s: StructDef;
}
export interface FuncT extends Q {
  k: 'func';
  ret: Type;
  params: Type[];
  names: (string | null)[];
  variadic: boolean;
}
export interface Field {
  name: string | null;
  type: Type;
  offset: number;
}
export interface StructDef {
  name: string | null;
  union: boolean;
  fields: Field[] | null;
  size: number;
  align: number;
  packed?: boolean;
}

const int = (size: IntT['size'], signed: boolean, name: string): IntT => ({ k: 'int', size, signed, name });
export const T = {
  void: { k: 'void' } as VoidT,
  bool: { k: 'int', size: 1, signed: false, name: '_Bool', bool: true } as IntT,
  char: int(1, true, 'char'),
  schar: int(1, true, 'signed char'),
  uchar: int(1, false, 'unsigned char'),
  short: int(2, true, 'short'),
  ushort: int(2, false, 'unsigned short'),
  int: int(4, true, 'int'),
  uint: int(4, false, 'unsigned int'),
  long: int(8, true, 'long'),
  ulong: int(8, false, 'unsigned long'),
  llong: int(8, true, 'long long'),
  ullong: int(8, false, 'unsigned long long'),
};

export const ptrTo = (to: Type): PtrT => ({ k: 'ptr', to });

export function isInt(t: Type): t is IntT {
  return t.k === 'int';
}
export function isPtr(t: Type): t is PtrT {
  return t.k === 'ptr';
}
export function isScalar(t: Type): boolean {
  return t.k === 'int' || t.k === 'ptr';
}
/** Unqualified copy. */
export function unqual<U extends Type>(t: U): U {
  if (!t.cst && !t.vol) return t;
  const { cst: _c, vol: _v, ...rest } = t;
  return rest as U;
}

export function sizeOf(t: Type): number {
  switch (t.k) {
    case 'void':
      return 1; // GNU: sizeof(void) == 1, as clang
    case 'int':
      return t.size;
    case 'ptr':
      return 8;
    case 'arr':
      return (t.len ?? 0) * sizeOf(t.of);
    case 'struct':
      return t.s.size;
    case 'func':
      return 1;
  }
}

export function alignOf(t: Type): number {
  switch (t.k) {
    case 'int':
      return t.size;
    case 'ptr':
      return 8;
    case 'arr':
      return alignOf(t.of);
    case 'struct':
      return t.s.align;
    default:
      return 1;
  }
}

export function isComplete(t: Type): boolean {
  if (t.k === 'struct') return t.s.fields !== null;
  if (t.k === 'arr') return t.len !== null && isComplete(t.of);
  return t.k !== 'void';
}

/** Lay out a struct/union in C order with natural alignment (or packed). */
export function layoutStruct(s: StructDef, members: { name: string | null; type: Type; align?: number }[]): void {
  let off = 0;
  let align = 1;
  const fields: Field[] = [];
  for (const m of members) {
    const a = s.packed ? 1 : Math.max(m.align ?? 1, alignOf(m.type));
    align = Math.max(align, a);
    if (s.union) {
      fields.push({ name: m.name, type: m.type, offset: 0 });
      off = Math.max(off, sizeOf(m.type));
    } else {
      off = Math.ceil(off / a) * a;
      fields.push({ name: m.name, type: m.type, offset: off });
      off += sizeOf(m.type);
    }
  }
  s.fields = fields;
  s.align = align;
  s.size = Math.ceil(off / align) * align;
}

/** Find a member by name, looking through anonymous struct/union members. */
export function findField(s: StructDef, name: string): Field | null {
  for (const f of s.fields ?? []) {
    if (f.name === name) return f;
    if (f.name === null && f.type.k === 'struct') {
      const inner = findField(f.type.s, name);
      if (inner) return { ...inner, offset: inner.offset + f.offset };
    }
  }
  return null;
}

/** C integer promotion: anything narrower than int (and _Bool) becomes int. */
export function promote(t: IntT): IntT {
  return t.size < 4 ? T.int : unqual(t);
}

/** Usual arithmetic conversions between two integer types. */
export function commonType(a: IntT, b: IntT): IntT {
  const x = promote(a);
  const y = promote(b);
  if (x.size !== y.size) return x.size > y.size ? x : y;
  if (x.signed === y.signed) return x;
  return x.signed ? y : x;
}

export function typeName(t: Type): string {
  switch (t.k) {
    case 'void':
      return `${t.cst ? 'const ' : ''}void`;
    case 'int':
      return `${t.cst ? 'const ' : ''}${t.name}`;
    case 'ptr':
      return t.to.k === 'func'
        ? `${typeName(t.to.ret)} (*)(${t.to.params.map(typeName).join(', ')})`
        : `${typeName(t.to)} *`;
    case 'arr':
      return `${typeName(t.of)}[${t.len ?? ''}]`;
    case 'struct':
      return `${t.s.union ? 'union' : 'struct'} ${t.s.name ?? '(anonymous)'}`;
    case 'func':
      return `${typeName(t.ret)} (${t.params.map(typeName).join(', ')})`;
  }
}

export function sameType(a: Type, b: Type): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.size === (b as IntT).size && a.signed === (b as IntT).signed && !!a.bool === !!(b as IntT).bool;
    case 'ptr':
      return sameType(a.to, (b as PtrT).to);
    case 'arr':
      return a.len === (b as ArrT).len && sameType(a.of, (b as ArrT).of);
    case 'struct':
      return a.s === (b as StructT).s;
    default:
      return true;
  }
}

/** The program object's layout description (for printing values by field, finding locks). */
export function toLayout(t: Type, depth = 0): TypeLayout {
  const name = typeName(unqual(t));
  if (depth > 16)
    return {
      kind: 'array',
      name,
      size: sizeOf(t),
      elem: { kind: 'int', name: 'char', size: 1, signed: true },
      len: sizeOf(t),
    };
  switch (t.k) {
    case 'int':
      return { kind: 'int', name, size: t.size, signed: t.signed };
    case 'ptr':
      return { kind: 'ptr', name, size: 8 };
    case 'arr':
      return { kind: 'array', name, size: sizeOf(t), elem: toLayout(t.of, depth + 1), len: t.len ?? 0 };
    case 'struct':
      if (t.s.name === 'bpf_spin_lock' && !t.s.union)
        return { kind: 'spin_lock', name: 'struct bpf_spin_lock', size: 4 };
      return {
        kind: t.s.union ? 'union' : 'struct',
        name,
        size: t.s.size,
        fields: (t.s.fields ?? []).map((f) => ({
          name: f.name ?? '',
          offset: f.offset,
          type: toLayout(f.type, depth + 1),
        })),
      };
    default:
      return { kind: 'int', name, size: 1, signed: false };
  }
}

/** Offset of the top-level `struct bpf_spin_lock` in a value type, or -1. */
export function spinLockOffset(t: Type): number {
  if (t.k === 'struct' && t.s.name === 'bpf_spin_lock') return 0;
  if (t.k !== 'struct') return -1;
  for (const f of t.s.fields ?? []) if (f.type.k === 'struct' && f.type.s.name === 'bpf_spin_lock') return f.offset;
  return -1;
}
