/**
 * Map definitions of a BPF object, as libbpf derives them: BTF-defined maps from the `.maps`
 * DATASEC (`__uint` members are pointers to arrays whose length is the value, `__type` members
 * pointers to the type, `__array(values, struct inner)` an array of pointers to the inner
 * definition), then one single-entry ARRAY map per global-data section (.data*, .rodata*,
 * .bss*). Legacy `struct bpf_map_def SEC("maps")` definitions are not supported.
 */
import { type MapDef, MapType, type MapTypeId, type TypeLayout } from '../object.ts';
import { BTF_KIND, type Btf } from './btf.ts';
import { ElfError, type ElfFile, SHT_NOBITS } from './elf-file.ts';

/** BPF_F_RDONLY_PROG: libbpf creates .rodata maps read-only for programs. */
const BPF_F_RDONLY_PROG = 0x80;

function spinLockOff(value: TypeLayout | undefined): number {
  if (!value || (value.kind !== 'struct' && value.kind !== 'union')) return value?.kind === 'spin_lock' ? 0 : -1;
  const f = value.fields.find((x) => x.type.kind === 'spin_lock');
  return f ? f.offset : -1;
}

function mapFromStruct(btf: Btf, structId: number, name: string, file: string, depth = 0): MapDef {
  if (depth > 4) throw new ElfError(`map '${name}': map-in-map nesting too deep`, file);
  const st = btf.type(btf.resolve(structId));
  if (st.kind !== BTF_KIND.STRUCT || !st.members) throw new ElfError(`map '${name}': definition is not a struct`, file);
  const def: MapDef = {
    name,
    kind: 'map',
    type: 0 as MapTypeId,
    keySize: 0,
    valueSize: 0,
    maxEntries: 0,
    flags: 0,
    spinLockOff: -1,
  };
  for (const m of st.members) {
    const mt = btf.type(btf.resolve(m.type));
    const pointee = mt.kind === BTF_KIND.PTR ? mt.sizeOrType : -1;
    const uint = () => {
      const arr = btf.type(btf.resolve(pointee));
      if (pointee < 0 || arr.kind !== BTF_KIND.ARRAY || !arr.array)
        throw new ElfError(`map '${name}': member '${m.name}' is not __uint(...)`, file);
      return arr.array.nelems;
    };
    switch (m.name) {
      case 'type':
        def.type = uint() as MapTypeId;
        break;
      case 'max_entries':
        def.maxEntries = uint();
        break;
      case 'map_flags':
        def.flags = uint();
        break;
      case 'key_size':
        def.keySize = uint();
        break;
      case 'value_size':
        def.valueSize = uint();
        break;
      case 'key':
        def.keySize = btf.size(pointee);
        def.key = btf.layout(pointee);
        break;
      case 'value':
        def.valueSize = btf.size(pointee);
        def.value = btf.layout(pointee);
        break;
      case 'values': {
        // __array(values, struct inner): an array of pointers to the inner definition.
        if (mt.kind !== BTF_KIND.ARRAY || !mt.array)
          throw new ElfError(`map '${name}': 'values' is not __array(...)`, file);
        const ptr = btf.type(btf.resolve(mt.array.type));
        if (ptr.kind !== BTF_KIND.PTR) throw new ElfError(`map '${name}': 'values' elements are not pointers`, file);
        def.inner = mapFromStruct(btf, ptr.sizeOrType, `${name}.inner`, file, depth + 1);
        def.valueSize = 4;
        break;
      }
      default:
        // pinning, numa_node, map_extra...: not used by the engine.
        break;
    }
  }
  if (!def.type) throw new ElfError(`map '${name}': missing __uint(type, ...)`, file);
  if ((def.type === MapType.ARRAY_OF_MAPS || def.type === MapType.HASH_OF_MAPS) && def.valueSize === 0)
    def.valueSize = 4;
  def.spinLockOff = spinLockOff(def.value);
  return def;
}

export function readMaps(elf: ElfFile, btf: Btf | null): MapDef[] {
  const maps: MapDef[] = [];
  const mapsSec = elf.section('.maps');
  if (mapsSec) {
    const ds = btf?.findDatasec('.maps');
    if (!btf || !ds?.vars) throw new ElfError('.maps section without BTF (compile with -g)', elf.file, mapsSec.offset);
    for (const dv of ds.vars) {
      const varT = btf.type(dv.type);
      // clang leaves DATASEC offsets at 0; like libbpf, take them from the ELF symbols.
      const sym = elf.symbols.find((s) => s.shndx === mapsSec.index && s.name === varT.name);
      const v = { offset: sym?.value ?? dv.offset, size: dv.size };
      const def = mapFromStruct(btf, varT.sizeOrType, varT.name, elf.file);
      // Map-in-map initialisers: relocations against inner maps inside this definition.
      const relocs = (elf.relocs.get(mapsSec.index) ?? []).filter(
        (r) => r.offset >= v.offset && r.offset < v.offset + v.size,
      );
      if (relocs.length) {
        const st = btf.type(btf.resolve(varT.sizeOrType));
        const valuesOff = (st.members?.find((m) => m.name === 'values')?.bitOffset ?? 0) / 8;
        def.initValues = relocs.map((r) => ({
          index: (r.offset - v.offset - valuesOff) / 8,
          map: elf.symbols[r.sym].name,
        }));
      }
      maps.push(def);
    }
  }
  for (const s of elf.sections) {
    const kind = /^\.bss/.test(s.name)
      ? 'bss'
      : /^\.data/.test(s.name)
        ? 'data'
        : /^\.rodata/.test(s.name)
          ? 'rodata'
          : null;
    if (!kind || s.size === 0 || (s.type !== SHT_NOBITS && s.type !== 1)) continue;
    // The kernel caps a map value far below this; a bigger section is a damaged file.
    if (s.size > 1 << 24)
      throw new ElfError(`section '${s.name}' is too large for a map value (${s.size} bytes)`, elf.file, s.offset);
    const ds = btf?.findDatasec(s.name);
    const vars = (ds?.vars ?? []).map((v) => ({
      name: btf!.type(v.type).name,
      offset: elf.symbols.find((x) => x.shndx === s.index && x.name === btf!.type(v.type).name)?.value ?? v.offset,
      type: btf!.layout(btf!.type(v.type).sizeOrType),
    }));
    maps.push({
      name: s.name,
      kind,
      type: MapType.ARRAY,
      keySize: 4,
      valueSize: s.size,
      maxEntries: 1,
      flags: kind === 'rodata' ? BPF_F_RDONLY_PROG : 0,
      spinLockOff: -1,
      initial: s.type === SHT_NOBITS ? new Uint8Array(s.size) : new Uint8Array(s.data),
      vars,
    });
  }
  return maps;
}
