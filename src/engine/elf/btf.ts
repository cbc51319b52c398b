/**
 * BTF (the .BTF section) reader: the type table clang emits with -g. Used by the ELF loader for
 * BTF-defined maps in `.maps`, global-variable layouts (DATASEC), value layouts (to find
 * `struct bpf_spin_lock`), and by btf-ext.ts for line-info file names. Not a BTF validator:
 * it trusts kinds it knows and throws ElfError on anything malformed or out of range.
 */
import type { FieldLayout, TypeLayout } from '../object.ts';
import { ElfError } from './elf-file.ts';

export const BTF_KIND = {
  INT: 1,
  PTR: 2,
  ARRAY: 3,
  STRUCT: 4,
  UNION: 5,
  ENUM: 6,
  FWD: 7,
  TYPEDEF: 8,
  VOLATILE: 9,
  CONST: 10,
  RESTRICT: 11,
  FUNC: 12,
  FUNC_PROTO: 13,
  VAR: 14,
  DATASEC: 15,
  FLOAT: 16,
  DECL_TAG: 17,
  TYPE_TAG: 18,
  ENUM64: 19,
} as const;

export interface BtfMember {
  name: string;
  type: number;
  /** Offset in bits. */
  bitOffset: number;
}

export interface BtfType {
  kind: number;
  name: string;
  /** size for INT/STRUCT/UNION/ENUM/DATASEC/FLOAT, referenced type for the others. */
  sizeOrType: number;
  intSigned?: boolean;
  array?: { type: number; nelems: number };
  members?: BtfMember[];
  /** DATASEC entries. */
  vars?: { type: number; offset: number; size: number }[];
}

export interface Btf {
  types: BtfType[];
  /** The type with this id; ElfError if out of range. */
  type(id: number): BtfType;
  str(off: number): string;
  /** Skip typedef/const/volatile/restrict/type_tag. */
  resolve(id: number): number;
  size(id: number): number;
  layout(id: number): TypeLayout;
  findDatasec(name: string): BtfType | undefined;
}

const MODIFIERS = new Set<number>([
  BTF_KIND.TYPEDEF,
  BTF_KIND.VOLATILE,
  BTF_KIND.CONST,
  BTF_KIND.RESTRICT,
  BTF_KIND.TYPE_TAG,
]);

export function parseBtf(data: Uint8Array, file: string, base: number): Btf {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fail = (msg: string, off: number): never => {
    throw new ElfError(`.BTF: ${msg}`, file, base + off);
  };
  if (data.length < 24 || dv.getUint16(0, true) !== 0xeb9f) fail('bad magic', 0);
  const hdrLen = dv.getUint32(4, true);
  const typeOff = hdrLen + dv.getUint32(8, true);
  const typeLen = dv.getUint32(12, true);
  const strOff = hdrLen + dv.getUint32(16, true);
  const strLen = dv.getUint32(20, true);
  if (typeOff + typeLen > data.length || strOff + strLen > data.length) fail('sections outside the data', 4);
  const strings = data.subarray(strOff, strOff + strLen);
  const str = (off: number): string => {
    if (off >= strings.length) return '';
    let end = off;
    while (end < strings.length && strings[end] !== 0) end++;
    return new TextDecoder().decode(strings.subarray(off, end));
  };
  const types: BtfType[] = [{ kind: 0, name: 'void', sizeOrType: 0 }];
  let o = typeOff;
  const end = typeOff + typeLen;
  const u32 = (at: number) => {
    if (at + 4 > end) fail('truncated type', at);
    return dv.getUint32(at, true);
  };
  while (o < end) {
    const name = str(u32(o));
    const info = u32(o + 4);
    const sizeOrType = u32(o + 8);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const kflag = info >>> 31;
    const t: BtfType = { kind, name, sizeOrType };
    o += 12;
    switch (kind) {
      case BTF_KIND.INT:
        t.intSigned = ((u32(o) >>> 24) & 1) === 1;
        o += 4;
        break;
      case BTF_KIND.ARRAY:
        t.array = { type: u32(o), nelems: u32(o + 8) };
        o += 12;
        break;
      case BTF_KIND.STRUCT:
      case BTF_KIND.UNION:
        t.members = [];
        for (let i = 0; i < vlen; i++, o += 12) {
          const off = u32(o + 8);
          t.members.push({ name: str(u32(o)), type: u32(o + 4), bitOffset: kflag ? off & 0xffffff : off });
        }
        break;
      case BTF_KIND.ENUM:
        o += 8 * vlen;
        break;
      case BTF_KIND.ENUM64:
        o += 12 * vlen;
        break;
      case BTF_KIND.FUNC_PROTO:
        o += 8 * vlen;
        break;
      case BTF_KIND.VAR:
      case BTF_KIND.DECL_TAG:
        o += 4;
        break;
      case BTF_KIND.DATASEC:
        t.vars = [];
        for (let i = 0; i < vlen; i++, o += 12) t.vars.push({ type: u32(o), offset: u32(o + 4), size: u32(o + 8) });
        break;
      case BTF_KIND.PTR:
      case BTF_KIND.FWD:
      case BTF_KIND.TYPEDEF:
      case BTF_KIND.VOLATILE:
      case BTF_KIND.CONST:
      case BTF_KIND.RESTRICT:
      case BTF_KIND.FUNC:
      case BTF_KIND.FLOAT:
      case BTF_KIND.TYPE_TAG:
        break;
      default:
        fail(`unknown type kind ${kind}`, o - 12);
    }
    types.push(t);
  }
  const get = (id: number): BtfType => {
    if (id < 0 || id >= types.length) throw new ElfError(`.BTF: type id ${id} out of range`, file, base);
    return types[id];
  };
  const resolve = (id: number): number => {
    for (let n = 0; n < 64; n++) {
      const t = get(id);
      if (!MODIFIERS.has(t.kind)) return id;
      id = t.sizeOrType;
    }
    throw new ElfError('.BTF: modifier chain too long', file, base);
  };
  const size = (id: number, depth = 0): number => {
    if (depth > 64) throw new ElfError('.BTF: type nesting too deep', file, base);
    const t = get(resolve(id));
    if (t.kind === BTF_KIND.PTR) return 8;
    if (t.kind === BTF_KIND.ARRAY && t.array) return t.array.nelems * size(t.array.type, depth + 1);
    if (t.kind === BTF_KIND.VAR) return size(t.sizeOrType, depth + 1);
    return t.sizeOrType;
  };
  const layout = (id: number, depth = 0): TypeLayout => {
    if (depth > 32) throw new ElfError('.BTF: type nesting too deep', file, base);
    const r = resolve(id);
    const t = get(r);
    const named = get(id).name || t.name;
    switch (t.kind) {
      case BTF_KIND.INT:
      case BTF_KIND.ENUM:
      case BTF_KIND.ENUM64: {
        const s = t.sizeOrType;
        const sz = (s === 1 || s === 2 || s === 4 || s === 8 ? s : 8) as 1 | 2 | 4 | 8;
        return { kind: 'int', name: named, size: sz, signed: t.intSigned ?? false };
      }
      case BTF_KIND.PTR:
        return { kind: 'ptr', name: `${layout(t.sizeOrType, depth + 1).name} *`, size: 8 };
      case BTF_KIND.ARRAY: {
        const elem = layout(t.array!.type, depth + 1);
        return { kind: 'array', name: `${elem.name}[${t.array!.nelems}]`, size: size(r), elem, len: t.array!.nelems };
      }
      case BTF_KIND.STRUCT:
      case BTF_KIND.UNION: {
        if (t.kind === BTF_KIND.STRUCT && t.name === 'bpf_spin_lock')
          return { kind: 'spin_lock', name: 'struct bpf_spin_lock', size: 4 };
        const fields: FieldLayout[] = (t.members ?? []).map((m) => ({
          name: m.name,
          offset: m.bitOffset >>> 3,
          type: layout(m.type, depth + 1),
        }));
        const k = t.kind === BTF_KIND.STRUCT ? 'struct' : 'union';
        return { kind: k, name: `${k} ${t.name}`.trim(), size: t.sizeOrType, fields };
      }
      case 0:
        return { kind: 'int', name: 'void', size: 1, signed: false };
      default:
        return {
          kind: 'array',
          name: t.name || 'unknown',
          size: size(r),
          elem: { kind: 'int', name: 'char', size: 1, signed: false },
          len: size(r),
        };
    }
  };
  return {
    types,
    type: get,
    str,
    resolve,
    size: (id) => size(id),
    layout: (id) => layout(id),
    findDatasec: (name) => types.find((t) => t.kind === BTF_KIND.DATASEC && t.name === name),
  };
}
