/**
 * Bytes ↔ results values by C type layout (object.ts TypeLayout): integers as bigint (exact,
 * sign-extended when signed), pointers as unsigned bigint, arrays as lists, structs and unions
 * by field name, `struct bpf_spin_lock` as `{ val }`. Without a layout, up to 8 bytes decode as
 * one unsigned little-endian integer and longer values as a list of bytes.
 * `encodeValue` is the inverse for userspace writes (numbers or bigints; missing fields are 0).
 */

import type { TypeLayout } from '../object.ts';
import type { Value } from '../results.ts';

function readUint(b: Uint8Array, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i]);
  return v;
}

function writeUint(b: Uint8Array, off: number, size: number, v: bigint): void {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    b[off + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

export function decodeValue(b: Uint8Array, off: number, size: number, t: TypeLayout | undefined): Value {
  // A layout that does not fit the bytes (a bad object) decodes as null instead of throwing.
  if (!(off >= 0 && off + Math.max(size, t?.size ?? 0) <= b.length)) return null;
  if (!t) {
    if (size <= 8) return readUint(b, off, size);
    return Array.from(b.subarray(off, off + size), (x) => BigInt(x));
  }
  switch (t.kind) {
    case 'int': {
      const u = readUint(b, off, t.size);
      return t.signed ? BigInt.asIntN(t.size * 8, u) : u;
    }
    case 'ptr':
      return readUint(b, off, 8);
    case 'spin_lock':
      return { val: readUint(b, off, 4) };
    case 'array': {
      const out: Value[] = [];
      const es = t.len ? t.size / t.len : t.elem.size;
      for (let i = 0; i < t.len; i++) out.push(decodeValue(b, off + i * es, es, t.elem));
      return out;
    }
    default: {
      const out: { [k: string]: Value } = {};
      t.fields.forEach((f, i) => {
        out[f.name || `_${i}`] = decodeValue(b, off + f.offset, f.type.size, f.type);
      });
      return out;
    }
  }
}

function toBig(v: Value, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new TypeError(
    `${what}: expected an integer, got ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}` : x))}`,
  );
}

/** Writes `v` as type `t` (or as a little-endian integer of `size` bytes without a layout). */
export function encodeValue(
  b: Uint8Array,
  off: number,
  size: number,
  t: TypeLayout | undefined,
  v: Value | Uint8Array,
): void {
  if (v instanceof Uint8Array) {
    b.set(v.subarray(0, size), off);
    return;
  }
  if (!t) {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        writeUint(b, off + i, 1, toBig(x, 'byte'));
      });
    } else writeUint(b, off, Math.min(size, 8), toBig(v, 'value'));
    return;
  }
  switch (t.kind) {
    case 'int':
    case 'ptr':
      writeUint(b, off, t.size, toBig(v, t.name));
      return;
    case 'spin_lock':
      return; // never written from outside: the lock belongs to the map
    case 'array': {
      if (!Array.isArray(v)) throw new TypeError(`${t.name}: expected a list`);
      const es = t.len ? t.size / t.len : t.elem.size;
      if (v.length > t.len) throw new TypeError(`${t.name}: ${v.length} elements for ${t.len}`);
      v.forEach((x, i) => {
        encodeValue(b, off + i * es, es, t.elem, x);
      });
      return;
    }
    default: {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${t.name}: expected an object`);
      const obj = v as { [k: string]: Value };
      for (const k of Object.keys(obj)) {
        if (!t.fields.some((f, i) => (f.name || `_${i}`) === k)) throw new TypeError(`${t.name} has no field "${k}"`);
      }
      t.fields.forEach((f, i) => {
        const x = obj[f.name || `_${i}`];
        if (x !== undefined) encodeValue(b, off + f.offset, f.type.size, f.type, x);
      });
    }
  }
}

/** Total order on decoded values: integers numerically, lists and structs element-wise. */
export function compareValues(x: Value, y: Value): number {
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compareValues(x[i], y[i]);
      if (c) return c;
    }
    return x.length - y.length;
  }
  if (x && y && typeof x === 'object' && typeof y === 'object') {
    const xs = Object.values(x);
    const ys = Object.values(y);
    return compareValues(xs, ys);
  }
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}
