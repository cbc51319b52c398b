/**
 * Data layout of a translation unit, as libbpf would load it: BTF-style map definitions from
 * SEC(".maps") (including map-in-map templates and `.values` initialisers), global variables
 * packed into `.bss`, `.data` and `.rodata` single-entry ARRAY maps (`const volatile` → .rodata),
 * and the license string. It decides where every global lives; the lowering only asks.
 */
import type { MapDef } from '../object.ts';
import type { InitItem, Unit, VarSym } from './ast.ts';
import { Code, fail } from './diag.ts';
import { alignOf, sizeOf, spinLockOffset, type Type, toLayout, typeName } from './types.ts';

export interface DataLayout {
  maps: MapDef[];
  mapIndex: Map<VarSym, number>;
  globalAt: Map<VarSym, { map: number; off: number }>;
  license: string;
}

const SECTION_KIND: Record<string, MapDef['kind']> = { '.bss': 'bss', '.data': 'data', '.rodata': 'rodata' };

export function layoutData(unit: Unit): DataLayout {
  const maps: MapDef[] = [];
  const mapIndex = new Map<VarSym, number>();
  const globalAt = new Map<VarSym, { map: number; off: number }>();
  let license = '';
  const sections = new Map<string, VarSym[]>();
  for (const g of unit.globals) {
    if (g.section === '.maps') {
      mapIndex.set(g, maps.length);
      maps.push(mapDef(g.name, g.ty, g, g.init ?? null));
      continue;
    }
    if (g.section === 'license') {
      const s = g.init?.[0]?.e;
      if (s?.k !== 'str') fail(Code.type, 'SEC("license") must be a string', g.pos);
      license = String.fromCharCode(...s.bytes.filter((b) => b !== 0));
      continue;
    }
    if (g.section === 'version' || g.section === 'maps') {
      if (g.section === 'maps')
        fail(
          Code.unsupported,
          'legacy SEC("maps") definitions are not supported; use SEC(".maps") with __uint/__type',
          g.pos,
        );
      continue;
    }
    if (g.isExtern) fail(Code.unsupported, `extern variable '${g.name}' is not supported`, g.pos);
    if (g.ty.k === 'arr' && g.ty.len === null)
      fail(Code.type, `definition of variable with array type needs an explicit size or an initializer`, g.pos);
    let sec = g.section;
    if (!sec) {
      const hasData = (g.init ?? []).some((it) => !isZero(it));
      sec = g.ty.cst || (g.ty.k === 'arr' && g.ty.of.cst) ? '.rodata' : hasData ? '.data' : '.bss';
    }
    if (!SECTION_KIND[sec] && !/^\.(data|rodata|bss)\./.test(sec))
      fail(Code.section, `unsupported section '${sec}' for global variable '${g.name}'`, g.pos);
    const list = sections.get(sec) ?? [];
    list.push(g);
    sections.set(sec, list);
  }
  for (const sec of ['.rodata', '.data', '.bss', ...[...sections.keys()].filter((s) => !SECTION_KIND[s])]) {
    const vars = sections.get(sec);
    if (!vars) continue;
    const kind = SECTION_KIND[sec] ?? (sec.startsWith('.rodata') ? 'rodata' : sec.startsWith('.bss') ? 'bss' : 'data');
    let off = 0;
    const placed: { name: string; offset: number; type: ReturnType<typeof toLayout> }[] = [];
    const at: number[] = [];
    for (const v of vars) {
      off = Math.ceil(off / alignOf(v.ty)) * alignOf(v.ty);
      at.push(off);
      placed.push({ name: v.name, offset: off, type: toLayout(v.ty) });
      off += sizeOf(v.ty);
    }
    const size = Math.max(1, Math.ceil(off / 8) * 8);
    const initial = new Uint8Array(size);
    vars.forEach((v, k) => {
      for (const it of v.init ?? []) writeInit(initial, at[k] + it.off, it);
      globalAt.set(v, { map: maps.length, off: at[k] });
    });
    maps.push({
      name: sec,
      kind,
      type: 2,
      keySize: 4,
      valueSize: size,
      maxEntries: 1,
      flags: kind === 'rodata' ? 128 : 0,
      spinLockOff: -1,
      initial,
      vars: placed,
    });
  }
  return { maps, mapIndex, globalAt, license };
}

function isZero(it: InitItem): boolean {
  if (it.e.k === 'num') return it.e.v === 0n;
  if (it.e.k === 'str') return it.e.bytes.every((b) => b === 0);
  return false;
}

function writeInit(buf: Uint8Array, off: number, it: InitItem): void {
  const e = it.e.k === 'cast' && it.e.e.k === 'num' ? { ...it.e.e, ty: it.e.ty } : it.e;
  if (e.k === 'str') {
    buf.set(e.bytes.slice(0, sizeOf(it.ty)), off);
    return;
  }
  if (e.k !== 'num') fail(Code.type, 'initializer element is not a compile-time constant', e.pos);
  let v = BigInt.asUintN(64, e.v);
  for (let k = 0; k < sizeOf(it.ty); k++) {
    buf[off + k] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** A BTF-style map definition: a struct whose members encode the attributes in their types. */
function mapDef(name: string, ty: Type, at: VarSym, init: InitItem[] | null): MapDef {
  if (ty.k !== 'struct' || !ty.s.fields)
    fail(Code.map, `map '${name}' must be a struct with __uint/__type members`, at.pos);
  const def: MapDef = {
    name,
    kind: 'map',
    type: 2,
    keySize: 0,
    valueSize: 0,
    maxEntries: 0,
    flags: 0,
    spinLockOff: -1,
  };
  let sawType = false;
  for (const f of ty.s.fields) {
    const ft = f.type;
    const num = () => {
      if (ft.k !== 'ptr' || ft.to.k !== 'arr' || ft.to.len === null)
        fail(Code.map, `map '${name}': '${f.name}' must be declared with __uint(${f.name}, N)`, at.pos);
      return ft.to.len;
    };
    const pointee = () => {
      if (ft.k !== 'ptr')
        fail(Code.map, `map '${name}': '${f.name}' must be declared with __type(${f.name}, T)`, at.pos);
      return ft.to;
    };
    switch (f.name) {
      case 'type':
        def.type = num() as MapDef['type'];
        sawType = true;
        break;
      case 'max_entries':
        def.maxEntries = num();
        break;
      case 'map_flags':
        def.flags = num();
        break;
      case 'key_size':
        def.keySize = num();
        break;
      case 'value_size':
        def.valueSize = num();
        break;
      case 'pinning':
      case 'numa_node':
        num();
        break;
      case 'key':
      case 'value': {
        const t = pointee();
        if (t.k === 'void' || (t.k === 'struct' && !t.s.fields))
          fail(Code.map, `map '${name}': ${f.name} type '${typeName(t)}' is incomplete`, at.pos);
        if (f.name === 'key') {
          def.keySize = sizeOf(t);
          def.key = toLayout(t);
        } else {
          def.valueSize = sizeOf(t);
          def.value = toLayout(t);
          def.spinLockOff = spinLockOffset(t);
        }
        break;
      }
      case 'values': {
        if (ft.k !== 'arr' || ft.of.k !== 'ptr' || ft.of.to.k !== 'struct')
          fail(Code.map, `map '${name}': 'values' must be declared with __array(values, struct inner)`, at.pos);
        def.inner = mapDef(`${name}.inner`, ft.of.to, at, null);
        if (!def.valueSize) def.valueSize = 4;
        if (!def.keySize) def.keySize = 4;
        for (const it of init ?? []) {
          if (it.off < f.offset) continue;
          let e = it.e;
          while (e.k === 'cast') e = e.e;
          if (e.k === 'num' && e.v === 0n) continue;
          if (e.k !== 'addr' || e.e.k !== 'var' || e.e.sym.section !== '.maps')
            fail(Code.map, `map '${name}': .values entries must be addresses of maps`, e.pos);
          def.initValues ??= [];
          def.initValues.push({ index: (it.off - f.offset) / 8, map: e.e.sym.name });
        }
        break;
      }
      default:
        fail(Code.map, `map '${name}': unknown map attribute '${f.name}'`, at.pos);
    }
  }
  if (!sawType) fail(Code.map, `map '${name}': missing __uint(type, ...)`, at.pos);
  if (init && !def.inner && init.some((it) => !isZero(it)))
    fail(Code.map, `map '${name}': only map-in-map definitions may have an initializer`, at.pos);
  return def;
}
