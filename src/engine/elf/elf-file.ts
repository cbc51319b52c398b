/**
 * A minimal reader of ELF64 little-endian relocatable files as clang emits them for
 * `-target bpf`: section headers, the symbol table, and REL relocations. It validates every
 * offset against the file size and throws `ElfError` (with the byte offset) on malformed input;
 * it does not interpret BPF semantics (see load.ts for that).
 */

export class ElfError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset = -1,
  ) {
    super(`${file}: ${offset >= 0 ? `offset 0x${offset.toString(16)}: ` : ''}${message}`);
    this.name = 'ElfError';
  }
}

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_EXECINSTR = 0x4;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STB_GLOBAL = 1;
const EM_BPF = 247;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  /** Contents (empty for NOBITS). */
  data: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
  bind: number;
  /** Section index the symbol is defined in (0 = undefined). */
  shndx: number;
}

export interface ElfReloc {
  offset: number;
  type: number;
  sym: number;
}

export interface ElfFile {
  file: string;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** Relocations by the index of the section they apply to. */
  relocs: Map<number, ElfReloc[]>;
  section(name: string): ElfSection | undefined;
}

function cstr(bytes: Uint8Array, off: number): string {
  let end = off;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(off, end));
}

export function readElf(bytes: Uint8Array, file: string): ElfFile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (off: number, len: number, what: string) => {
    if (off < 0 || len < 0 || off + len > bytes.length) throw new ElfError(`${what} lies outside the file`, file, off);
  };
  need(0, 64, 'ELF header');
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46)
    throw new ElfError('not an ELF file (bad magic)', file, 0);
  if (bytes[4] !== 2) throw new ElfError('not a 64-bit ELF file', file, 4);
  if (bytes[5] !== 1)
    throw new ElfError('not a little-endian ELF file (big-endian BPF objects are not supported)', file, 5);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_BPF) throw new ElfError(`not a BPF object (e_machine ${machine}, expected ${EM_BPF})`, file, 18);
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  const shstrndx = dv.getUint16(62, true);
  if (shentsize !== 64) throw new ElfError(`unexpected section header size ${shentsize}`, file, 58);
  need(shoff, shnum * 64, 'section header table');
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const b = shoff + i * 64;
    const type = dv.getUint32(b + 4, true);
    const offset = Number(dv.getBigUint64(b + 24, true));
    const size = Number(dv.getBigUint64(b + 32, true));
    if (type !== SHT_NOBITS && type !== 0) need(offset, size, `section ${i}`);
    raw.push({
      index: i,
      nameOff: dv.getUint32(b, true),
      type,
      flags: Number(dv.getBigUint64(b + 8, true)),
      offset,
      size,
      link: dv.getUint32(b + 40, true),
      info: dv.getUint32(b + 44, true),
    });
  }
  if (shstrndx >= raw.length) throw new ElfError('bad section name table index', file, 62);
  const strtab = raw[shstrndx];
  const names = bytes.subarray(strtab.offset, strtab.offset + strtab.size);
  const sections: ElfSection[] = raw.map((s) => ({
    index: s.index,
    name: cstr(names, s.nameOff),
    type: s.type,
    flags: s.flags,
    offset: s.offset,
    size: s.size,
    link: s.link,
    info: s.info,
    data: s.type === SHT_NOBITS || s.type === 0 ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size),
  }));
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  const symbols: ElfSymbol[] = [];
  if (symtab) {
    if (symtab.link >= sections.length) throw new ElfError('bad symbol string table index', file, symtab.offset);
    const symstr = sections[symtab.link].data;
    const sdv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    for (let o = 0; o + 24 <= symtab.size; o += 24) {
      const info = sdv.getUint8(o + 4);
      symbols.push({
        name: cstr(symstr, sdv.getUint32(o, true)),
        type: info & 0xf,
        bind: info >> 4,
        shndx: sdv.getUint16(o + 6, true),
        value: Number(sdv.getBigUint64(o + 8, true)),
        size: Number(sdv.getBigUint64(o + 16, true)),
      });
    }
  }
  const relocs = new Map<number, ElfReloc[]>();
  for (const s of sections) {
    if (s.type !== SHT_REL) continue;
    const rdv = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    const list: ElfReloc[] = [];
    for (let o = 0; o + 16 <= s.size; o += 16) {
      const info = rdv.getBigUint64(o + 8, true);
      const sym = Number(info >> 32n);
      if (sym >= symbols.length)
        throw new ElfError(`relocation refers to symbol ${sym} of ${symbols.length}`, file, s.offset + o);
      list.push({ offset: Number(rdv.getBigUint64(o, true)), type: Number(info & 0xffffffffn), sym });
    }
    relocs.set(s.info, list);
  }
  return { file, sections, symbols, relocs, section: (name) => sections.find((s) => s.name === name) };
}
