/**
 * .BTF.ext line info: for each code section, records "slot N starts source line L, column C of
 * file F". The loader spreads them over the following slots (until the next record) to give
 * every instruction a SourceLoc. Func info and CO-RE relocations are not read.
 */
import type { Btf } from './btf.ts';
import { ElfError } from './elf-file.ts';

export interface LineRecord {
  /** Slot index within the section. */
  slot: number;
  file: string;
  line: number;
  col: number;
  /** The source line's text as BTF carries it (the kernel prints it in logs). */
  text: string;
}

export function parseLineInfo(data: Uint8Array, btf: Btf, file: string, base: number): Map<string, LineRecord[]> {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fail = (msg: string, off: number): never => {
    throw new ElfError(`.BTF.ext: ${msg}`, file, base + off);
  };
  if (data.length < 24 || dv.getUint16(0, true) !== 0xeb9f) fail('bad magic', 0);
  const hdrLen = dv.getUint32(4, true);
  const start = hdrLen + dv.getUint32(16, true);
  const len = dv.getUint32(20, true);
  const out = new Map<string, LineRecord[]>();
  if (len === 0) return out;
  if (start + len > data.length || len < 4) fail('line info outside the data', 16);
  const recSize = dv.getUint32(start, true);
  if (recSize < 16) fail(`line info record size ${recSize}`, start);
  let o = start + 4;
  const end = start + len;
  while (o + 8 <= end) {
    const sec = btf.str(dv.getUint32(o, true));
    const n = dv.getUint32(o + 4, true);
    o += 8;
    if (o + n * recSize > end) fail('truncated line info', o);
    const recs: LineRecord[] = [];
    for (let i = 0; i < n; i++, o += recSize) {
      const lineCol = dv.getUint32(o + 12, true);
      recs.push({
        slot: dv.getUint32(o, true) / 8,
        file: btf.str(dv.getUint32(o + 4, true)),
        text: btf.str(dv.getUint32(o + 8, true)),
        line: lineCol >>> 10,
        col: lineCol & 0x3ff,
      });
    }
    out.set(sec, recs);
  }
  return out;
}
