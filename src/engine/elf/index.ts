/**
 * Load a clang-built BPF ELF object (`clang -O2 -g -target bpf`) into a ProgramObject, doing
 * what libbpf does before bpf(BPF_PROG_LOAD): map relocations become pseudo `lddw` (src=1, imm =
 * map index), global-data relocations pseudo map-value `lddw` (src=2, second slot imm = offset),
 * BPF-to-BPF calls get their subprograms from .text appended depth-first in first-use order (so
 * instruction indices equal the kernel's), and .BTF.ext line info gives every slot a SourceLoc.
 *
 * Not supported (clear ElfError): CO-RE relocations are ignored, extern/kconfig/ksym symbols,
 * function-pointer `lddw` (callbacks), legacy `maps` sections, big-endian objects.
 */
import type { Insn } from '../isa/insn.ts';
import type { BpfProgram, ProgramObject, SourceLoc } from '../object.ts';
import { parseBtf } from './btf.ts';
import { type LineRecord, parseLineInfo } from './btf-ext.ts';
import { ElfError, type ElfSection, readElf, SHF_EXECINSTR, STB_GLOBAL, STT_FUNC } from './elf-file.ts';
import { readMaps } from './maps.ts';
import { progTypeOfSection } from './sections.ts';

export { ElfError } from './elf-file.ts';

/**
 * The source text of each line the object's line info names (BTF carries it, and the kernel
 * prints it in verifier logs), keyed `file:line`. Empty for objects built without -g.
 */
export function elfLineText(bytes: Uint8Array, file = 'object.o'): Map<string, string> {
  const elf = readElf(bytes, file);
  const btfSec = elf.section('.BTF');
  const extSec = elf.section('.BTF.ext');
  const out = new Map<string, string>();
  if (!btfSec || !extSec) return out;
  const btf = parseBtf(btfSec.data, file, btfSec.offset);
  for (const recs of parseLineInfo(extSec.data, btf, file, extSec.offset).values())
    for (const r of recs) if (!out.has(`${r.file}:${r.line}`)) out.set(`${r.file}:${r.line}`, r.text);
  return out;
}

const LDDW = 0x18;
const CALL = 0x85;

function decodeSection(sec: ElfSection): Insn[] {
  const d = sec.data;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: Insn[] = [];
  for (let o = 0; o + 8 <= d.length; o += 8) {
    const code = d[o];
    const regs = d[o + 1];
    const insn: Insn = {
      code,
      dst: regs & 0xf,
      src: regs >> 4,
      off: dv.getInt16(o + 2, true),
      imm: dv.getInt32(o + 4, true),
    };
    out.push(insn);
    if (code === LDDW && o + 16 <= d.length) {
      const hi = dv.getUint32(o + 12, true);
      insn.imm64 = (BigInt(hi) << 32n) | BigInt(dv.getUint32(o + 4, true));
      out.push({ code: 0, dst: 0, src: 0, off: 0, imm: hi | 0 });
      o += 8;
    }
  }
  return out;
}

interface Func {
  name: string;
  sec: ElfSection;
  start: number;
  count: number;
}

export function loadElf(bytes: Uint8Array, file = 'object.o'): ProgramObject {
  const elf = readElf(bytes, file);
  const btfSec = elf.section('.BTF');
  const btf = btfSec ? parseBtf(btfSec.data, file, btfSec.offset) : null;
  const extSec = elf.section('.BTF.ext');
  const lineInfo =
    btf && extSec ? parseLineInfo(extSec.data, btf, file, extSec.offset) : new Map<string, LineRecord[]>();
  const maps = readMaps(elf, btf);
  const mapsSec = elf.section('.maps');
  const decoded = new Map<number, Insn[]>();
  const code = (sec: ElfSection) => {
    let d = decoded.get(sec.index);
    if (!d) {
      d = decodeSection(sec);
      decoded.set(sec.index, d);
    }
    return d;
  };
  const funcs: Func[] = elf.symbols
    .filter((s) => s.type === STT_FUNC && s.shndx > 0 && s.shndx < elf.sections.length)
    .map((s) => ({ name: s.name, sec: elf.sections[s.shndx], start: s.value / 8, count: s.size / 8 }))
    .filter((f) => (f.sec.flags & SHF_EXECINSTR) !== 0);
  for (const f of funcs) {
    if (
      !Number.isInteger(f.start) ||
      !Number.isInteger(f.count) ||
      f.count <= 0 ||
      (f.start + f.count) * 8 > f.sec.size
    )
      throw new ElfError(
        `function '${f.name}' does not lie on instruction boundaries inside ${f.sec.name}`,
        file,
        f.sec.offset,
      );
  }

  const build = (main: Func): BpfProgram => {
    const insns: Insn[] = [];
    const lines: (SourceLoc | null)[] = [];
    const placed = new Map<string, number>();
    const out: { name: string; start: number }[] = [];
    const append = (fn: Func): number => {
      const base = insns.length;
      placed.set(`${fn.sec.index}:${fn.start}`, base);
      out.push({ name: fn.name, start: base });
      const src = code(fn.sec);
      const recs = lineInfo.get(fn.sec.name) ?? [];
      let r = 0;
      let loc: SourceLoc | null = null;
      for (let i = fn.start; i < fn.start + fn.count; i++) {
        while (r < recs.length && recs[r].slot <= i) {
          if (recs[r].slot >= fn.start) loc = { file: recs[r].file, line: recs[r].line, col: recs[r].col };
          r++;
        }
        const filler = i > 0 && src[i - 1]?.code === LDDW;
        insns.push({ ...src[i] });
        lines.push(filler ? null : loc);
      }
      const relocs = new Map((elf.relocs.get(fn.sec.index) ?? []).map((x) => [x.offset / 8, x]));
      for (let i = fn.start; i < fn.start + fn.count; i++) {
        const at = base + i - fn.start;
        const insn = insns[at];
        const rel = relocs.get(i);
        const sym = rel ? elf.symbols[rel.sym] : undefined;
        if (insn.code === LDDW && sym) {
          if (sym.shndx === 0)
            throw new ElfError(`extern symbol '${sym.name}' is not supported`, file, fn.sec.offset + i * 8);
          const target = elf.sections[sym.shndx];
          if (mapsSec && sym.shndx === mapsSec.index) {
            const idx = maps.findIndex((m) => m.kind === 'map' && m.name === sym.name);
            if (idx < 0) throw new ElfError(`relocation to unknown map '${sym.name}'`, file, fn.sec.offset + i * 8);
            insn.src = 1;
            insn.imm = idx;
            insn.imm64 = BigInt(idx);
            insns[at + 1].imm = 0;
          } else if (target && (target.flags & SHF_EXECINSTR) === 0) {
            const idx = maps.findIndex((m) => m.kind !== 'map' && m.name === target.name);
            if (idx < 0)
              throw new ElfError(
                `relocation to section '${target.name}' which is not a map`,
                file,
                fn.sec.offset + i * 8,
              );
            const off = insn.imm + sym.value;
            insn.src = 2;
            insn.imm = idx;
            insn.imm64 = (BigInt(off) << 32n) | BigInt(idx);
            insns[at + 1].imm = off;
          } else {
            throw new ElfError(`function pointer to '${sym.name}' is not supported`, file, fn.sec.offset + i * 8);
          }
        } else if (insn.code === CALL && insn.src === 1) {
          const tsec = sym ? elf.sections[sym.shndx] : fn.sec;
          const tslot = sym ? sym.value / 8 + insn.imm + 1 : i + insn.imm + 1;
          const callee = funcs.find((f) => f.sec === tsec && f.start === tslot);
          if (!callee)
            throw new ElfError(
              `call to slot ${tslot} of ${tsec?.name} which starts no function`,
              file,
              fn.sec.offset + i * 8,
            );
          const pos = placed.get(`${tsec.index}:${tslot}`) ?? append(callee);
          insn.imm = pos - at - 1;
        }
      }
      return base;
    };
    append(main);
    const pt = progTypeOfSection(main.sec.name);
    if (!pt)
      throw new ElfError(
        `section '${main.sec.name}' of program '${main.name}' has no known program type`,
        file,
        main.sec.offset,
      );
    return { name: main.name, section: main.sec.name, type: pt.type, attachTo: pt.attachTo, insns, lines, funcs: out };
  };

  const programs = funcs
    .filter((f) => f.sec.name !== '.text' && elf.symbols.some((s) => s.name === f.name && s.bind === STB_GLOBAL))
    .sort((a, b) => a.sec.index - b.sec.index || a.start - b.start)
    .map(build);
  const lic = elf.section('license');
  const license = lic ? new TextDecoder().decode(lic.data).replace(/\0.*$/s, '') : '';
  return { programs, maps, license };
}
