/**
 * Names an engine-memory address inside map storage the way a learner thinks of it, for the
 * deterministic trace and the step-mode view of "the shared memory being touched":
 * `counter` (a global), `pt.x` (a global struct field), `stats[3].sum` (an array value's field),
 * `hist[2]@cpu1` (CPU 1's copy of a per-CPU value), `flows[10]` (a hash value, by its key),
 * `outer.inner#4[0]` (an inner map made at run time). Hash keys are read from the element, so
 * a name reflects the element's key at the time of the call.
 *
 * Not a debugger: descriptors, bucket heads and element headers are reported as `<map>.internal`.
 */
import { H } from '../memory/index.ts';
import type { TypeLayout } from '../object.ts';
import type { Value } from '../results.ts';
import { decodeValue } from './codec.ts';
import { D, isHash, isPercpu, round8 } from './descriptor.ts';
import type { MapInfo, MapSet } from './map-set.ts';

export interface AddressName {
  /** Map name (`.bss`, `.data`, `.rodata` for global sections). */
  map: string;
  /** Key of the value (undefined for globals and internal bytes). */
  key?: Value;
  /** Per-CPU maps: whose copy. */
  cpu?: number;
  /** Offset in the value. */
  offset: number;
  /** The whole name, e.g. `stats[3].sum`. */
  text: string;
}

interface Span {
  lo: number;
  hi: number;
  info: MapInfo;
  kind: 'values' | 'planes' | 'elems' | 'internal';
}

/** Field path of byte `off` of a value of type `t` (".sum", "[2]", ".pt.x"…; "+3" inside a scalar). */
export function fieldPath(t: TypeLayout | undefined, off: number): string {
  if (!t || off < 0 || off >= t.size) return off ? `+${off}` : '';
  switch (t.kind) {
    case 'array': {
      const es = t.len ? t.size / t.len : t.elem.size;
      const i = Math.floor(off / es);
      return `[${i}]${fieldPath(t.elem, off - i * es)}`;
    }
    case 'struct':
    case 'union': {
      for (const f of t.fields) {
        if (off >= f.offset && off < f.offset + f.type.size) return `.${f.name}${fieldPath(f.type, off - f.offset)}`;
      }
      return `+${off}`;
    }
    default:
      return off ? `+${off}` : '';
  }
}

function keyText(k: Value): string {
  return typeof k === 'bigint' ? k.toString() : JSON.stringify(k, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

export class AddressNamer {
  private readonly set: MapSet;
  private spans: Span[] = [];
  private builtFor = -1;

  constructor(set: MapSet) {
    this.set = set;
  }

  private rebuild(): void {
    const set = this.set;
    const i32 = set.mem.i32;
    const next = Atomics.load(i32, H.NEXT_MAP_ID);
    if (next === this.builtFor) return;
    this.builtFor = next;
    const spans: Span[] = [];
    for (let id = 1; id < next; id++) {
      let info: MapInfo | null;
      try {
        info = set.byId(id);
      } catch {
        continue; // an inner map of a template this MapSet does not know
      }
      if (!info) continue;
      const w = info.desc >> 2;
      const { def } = info;
      spans.push({ lo: info.desc, hi: info.desc + 128, info, kind: 'internal' });
      if (isPercpu(def.type)) {
        spans.push({
          lo: i32[w + D.PCPU],
          hi: i32[w + D.PCPU] + i32[w + D.PCPU_PLANE] * set.cpus,
          info,
          kind: 'planes',
        });
      }
      if (isHash(def.type)) {
        const lo = i32[w + D.DATA];
        spans.push({ lo, hi: lo + i32[w + D.ELEM_SIZE] * i32[w + D.NELEMS], info, kind: 'elems' });
        const b = i32[w + D.BUCKETS];
        spans.push({ lo: b, hi: b + 8 * i32[w + D.NBUCKETS], info, kind: 'internal' });
      } else if (!isPercpu(def.type)) {
        const lo = i32[w + D.DATA];
        spans.push({ lo, hi: lo + round8(def.valueSize) * def.maxEntries, info, kind: 'values' });
      }
    }
    this.spans = spans;
  }

  /** The name of `addr`, or null when it is not map storage. */
  name(addr: number): AddressName | null {
    this.rebuild();
    for (const s of this.spans) {
      if (addr >= s.lo && addr < s.hi) return this.describe(s, addr);
    }
    return null;
  }

  private describe(s: Span, addr: number): AddressName | null {
    const { info } = s;
    const { def } = info;
    const i32 = this.set.mem.i32;
    const w = info.desc >> 2;
    const stride = round8(def.valueSize);
    const map = def.kind === 'map' ? info.name : `.${def.kind}`;
    if (s.kind === 'internal') return { map, offset: addr - s.lo, text: `${map}.internal` };
    if (s.kind === 'values') {
      const idx = Math.floor((addr - s.lo) / stride);
      const offset = addr - s.lo - idx * stride;
      if (def.kind !== 'map' && def.vars?.length) {
        const v = def.vars.find((x) => offset >= x.offset && offset < x.offset + x.type.size);
        if (v) return { map, offset, text: `${v.name}${fieldPath(v.type, offset - v.offset)}` };
      }
      return { map, key: BigInt(idx), offset, text: `${map}[${idx}]${fieldPath(def.value, offset)}` };
    }
    if (s.kind === 'planes') {
      const plane = i32[w + D.PCPU_PLANE];
      const cpu = Math.floor((addr - s.lo) / plane);
      const slot = Math.floor((addr - s.lo - cpu * plane) / stride);
      const offset = addr - s.lo - cpu * plane - slot * stride;
      let key: Value = BigInt(slot);
      if (isHash(def.type)) {
        const elem = i32[w + D.DATA] + slot * i32[w + D.ELEM_SIZE];
        key = decodeValue(this.set.mem.u8, elem + 8, def.keySize, def.key);
      }
      return { map, key, cpu, offset, text: `${map}[${keyText(key)}]@cpu${cpu}${fieldPath(def.value, offset)}` };
    }
    const size = i32[w + D.ELEM_SIZE];
    const elem = s.lo + Math.floor((addr - s.lo) / size) * size;
    const valueAt = elem + 8 + round8(def.keySize);
    if (addr < valueAt) return { map, offset: addr - elem, text: `${map}.internal` };
    const key = decodeValue(this.set.mem.u8, elem + 8, def.keySize, def.key);
    const offset = addr - valueAt;
    return { map, key, offset, text: `${map}[${keyText(key)}]${fieldPath(def.value, offset)}` };
  }
}
