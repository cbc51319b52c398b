/**
 * A structural decoder for the modules `ModuleBuilder` emits: header, sections, and the
 * contents of the type, import, function, global, export and code sections (function bodies
 * stay raw bytes). It exists for round-trip tests of the encoder and for inspecting JIT output;
 * it is not a validator. It rejects bad magic, truncated input, section sizes that do not match
 * their contents, and leftover bytes.
 */
import { decodeU32 } from './leb128.ts';
import { Section } from './opcodes.ts';

export interface DecodedModule {
  types: { params: number[]; results: number[] }[];
  imports: (
    | { module: string; name: string; kind: 'func'; type: number }
    | { module: string; name: string; kind: 'memory'; min: number; max?: number; shared: boolean }
  )[];
  functions: number[];
  globals: { type: number; mutable: boolean; init: number[] }[];
  exports: { name: string; kind: number; index: number }[];
  code: { locals: { count: number; type: number }[]; body: Uint8Array }[];
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  byte(): number {
    if (this.pos >= this.end) throw new RangeError(`unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32(): number {
    const d = decodeU32(this.bytes.subarray(0, this.end), this.pos);
    this.pos = d.next;
    return d.value;
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new RangeError(`unexpected end at byte ${this.pos}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.u32()));
  }
  vec<T>(item: () => T): T[] {
    const n = this.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }
}

export function decodeModule(bytes: Uint8Array): DecodedModule {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new RangeError('bad wasm header');
  const m: DecodedModule = { types: [], imports: [], functions: [], globals: [], exports: [], code: [] };
  const top = new Reader(bytes, 8, bytes.length);
  while (top.pos < bytes.length) {
    const id = top.byte();
    const size = top.u32();
    const start = top.pos;
    if (start + size > bytes.length) throw new RangeError(`section ${id} overruns the module at byte ${start}`);
    const r = new Reader(bytes, start, start + size);
    switch (id) {
      case Section.type:
        m.types = r.vec(() => {
          if (r.byte() !== 0x60) throw new RangeError(`bad function type at byte ${r.pos - 1}`);
          return { params: r.vec(() => r.byte()), results: r.vec(() => r.byte()) };
        });
        break;
      case Section.import:
        m.imports = r.vec(() => {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          if (kind === 0) return { module, name, kind: 'func' as const, type: r.u32() };
          if (kind === 2) {
            const flags = r.byte();
            const min = r.u32();
            const max = flags & 1 ? r.u32() : undefined;
            return { module, name, kind: 'memory' as const, min, max, shared: (flags & 2) !== 0 };
          }
          throw new RangeError(`unsupported import kind ${kind} at byte ${r.pos - 1}`);
        });
        break;
      case Section.function:
        m.functions = r.vec(() => r.u32());
        break;
      case Section.global:
        m.globals = r.vec(() => {
          const type = r.byte();
          const mutable = r.byte() === 1;
          const init: number[] = [];
          for (let b = r.byte(); b !== 0x0b; b = r.byte()) init.push(b);
          return { type, mutable, init };
        });
        break;
      case Section.export:
        m.exports = r.vec(() => ({ name: r.name(), kind: r.byte(), index: r.u32() }));
        break;
      case Section.code:
        m.code = r.vec(() => {
          const len = r.u32();
          const b = new Reader(bytes, r.pos, r.pos + len);
          const locals = b.vec(() => ({ count: b.u32(), type: b.byte() }));
          const body = b.take(b.end - b.pos);
          r.pos += len;
          if (r.pos > r.end) throw new RangeError('function body overruns the code section');
          return { locals, body };
        });
        break;
      default:
        throw new RangeError(`unsupported section ${id} at byte ${start - 1}`);
    }
    if (r.pos !== r.end) throw new RangeError(`section ${id} has ${r.end - r.pos} leftover bytes at byte ${r.pos}`);
    top.pos = start + size;
  }
  return m;
}
