/**
 * A small WebAssembly binary encoder: a `Code` buffer for function bodies (typed helpers for
 * the instructions the JIT emits) and a `ModuleBuilder` that lays out the type, import,
 * function, global, export and code sections. It does not validate stack types: the engine
 * (WebAssembly.Module) does that when the bytes are compiled, and the tests instantiate every
 * module they build. Not a general-purpose assembler: no tables, data segments or text format.
 */
import { encodeS32, encodeS64, encodeU32 } from './leb128.ts';
import {
  AtomicOp,
  AtomicRmw,
  type AtomicRmwName,
  BulkOp,
  ExternKind,
  Op,
  RmwWidth,
  Section,
  type ValTypeId,
} from './opcodes.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  encodeU32(bytes.length, out);
  for (const b of bytes) out.push(b);
}

/** log2 of an access width in bytes: the natural alignment hint of a memarg. */
export function alignOf(bytes: 1 | 2 | 4 | 8): number {
  return bytes === 1 ? 0 : bytes === 2 ? 1 : bytes === 4 ? 2 : 3;
}

/** An instruction stream (function body expression). */
export class Code {
  readonly bytes: number[] = [];

  op(opcode: number): this {
    this.bytes.push(opcode);
    return this;
  }
  u32(v: number): this {
    encodeU32(v, this.bytes);
    return this;
  }
  i32Const(v: number): this {
    this.bytes.push(Op.i32_const);
    encodeS32(v | 0, this.bytes);
    return this;
  }
  i64Const(v: bigint): this {
    this.bytes.push(Op.i64_const);
    encodeS64(BigInt.asIntN(64, v), this.bytes);
    return this;
  }
  localGet(i: number): this {
    return this.op(Op.local_get).u32(i);
  }
  localSet(i: number): this {
    return this.op(Op.local_set).u32(i);
  }
  localTee(i: number): this {
    return this.op(Op.local_tee).u32(i);
  }
  globalGet(i: number): this {
    return this.op(Op.global_get).u32(i);
  }
  globalSet(i: number): this {
    return this.op(Op.global_set).u32(i);
  }
  block(type: number): this {
    return this.op(Op.block).op(type);
  }
  loop(type: number): this {
    return this.op(Op.loop).op(type);
  }
  if(type: number): this {
    return this.op(Op.if).op(type);
  }
  else(): this {
    return this.op(Op.else);
  }
  end(): this {
    return this.op(Op.end);
  }
  select(): this {
    return this.op(Op.select);
  }
  br(depth: number): this {
    return this.op(Op.br).u32(depth);
  }
  brIf(depth: number): this {
    return this.op(Op.br_if).u32(depth);
  }
  brTable(depths: number[], fallback: number): this {
    this.op(Op.br_table).u32(depths.length);
    for (const d of depths) this.u32(d);
    return this.u32(fallback);
  }
  call(func: number): this {
    return this.op(Op.call).u32(func);
  }
  /** A plain load or store with a memarg (alignment as log2, unsigned offset). */
  mem(opcode: number, alignLog2: number, offset: number): this {
    return this.op(opcode).u32(alignLog2).u32(offset);
  }
  /** A 0xFE-prefixed atomic memory instruction with a memarg (alignment must be natural). */
  atomic(sub: number, alignLog2: number, offset: number): this {
    return this.op(0xfe).u32(sub).u32(alignLog2).u32(offset);
  }
  /** Atomic read-modify-write: `width` picks i32, i64 or the zero-extending i64.rmw32 form. */
  atomicRmw(rmw: AtomicRmwName, width: keyof typeof RmwWidth, offset = 0): this {
    const sub = AtomicRmw[rmw] + RmwWidth[width];
    return this.atomic(sub, width === 'i64' ? 3 : 2, offset);
  }
  atomicFence(): this {
    return this.op(0xfe).u32(AtomicOp.atomic_fence).op(0x00);
  }
  memoryCopy(): this {
    return this.op(0xfc).u32(BulkOp.memory_copy).op(0x00).op(0x00);
  }
  memoryFill(): this {
    return this.op(0xfc).u32(BulkOp.memory_fill).op(0x00);
  }
  append(other: Code): this {
    for (const b of other.bytes) this.bytes.push(b);
    return this;
  }
}

export interface FuncType {
  params: ValTypeId[];
  results: ValTypeId[];
}

export interface MemoryImport {
  module: string;
  name: string;
  min: number;
  max?: number;
  shared?: boolean;
}

interface FuncDef {
  type: number;
  locals: { count: number; type: ValTypeId }[];
  body: Code;
}

interface GlobalDef {
  type: ValTypeId;
  mutable: boolean;
  init: bigint;
}

/** Builds a module: imports first (they take the low function indices), then defined functions. */
export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly funcImports: { module: string; name: string; type: number }[] = [];
  private memory: MemoryImport | null = null;
  private readonly funcs: FuncDef[] = [];
  private readonly globals: GlobalDef[] = [];
  private readonly exports: { name: string; kind: number; index: number }[] = [];

  typeIndex(t: FuncType): number {
    const key = JSON.stringify(t);
    const found = this.types.findIndex((x) => JSON.stringify(x) === key);
    if (found >= 0) return found;
    this.types.push(t);
    return this.types.length - 1;
  }

  /** Imports a function; must be called before any `addFunction`. Returns its function index. */
  importFunction(module: string, field: string, type: FuncType): number {
    if (this.funcs.length > 0) throw new Error('imports must precede defined functions');
    this.funcImports.push({ module, name: field, type: this.typeIndex(type) });
    return this.funcImports.length - 1;
  }

  importMemory(mem: MemoryImport): void {
    if (mem.shared && mem.max === undefined) throw new Error('a shared memory needs a maximum');
    this.memory = mem;
  }

  /** Declares a function and returns its index; the body may be filled in later. */
  addFunction(type: FuncType, locals: { count: number; type: ValTypeId }[], body = new Code()): number {
    this.funcs.push({ type: this.typeIndex(type), locals, body });
    return this.funcImports.length + this.funcs.length - 1;
  }

  setBody(funcIndex: number, body: Code): void {
    this.funcs[funcIndex - this.funcImports.length].body = body;
  }

  addGlobal(type: ValTypeId, mutable: boolean, init: bigint): number {
    this.globals.push({ type, mutable, init });
    return this.globals.length - 1;
  }

  export(field: string, kind: keyof typeof ExternKind, index: number): void {
    this.exports.push({ name: field, kind: ExternKind[kind], index });
  }

  encode(): Uint8Array {
    const out: number[] = [...MAGIC];
    const section = (id: number, body: number[]) => {
      out.push(id);
      encodeU32(body.length, out);
      for (const b of body) out.push(b);
    };
    if (this.types.length) {
      const b: number[] = [];
      encodeU32(this.types.length, b);
      for (const t of this.types) {
        b.push(0x60);
        encodeU32(t.params.length, b);
        b.push(...t.params);
        encodeU32(t.results.length, b);
        b.push(...t.results);
      }
      section(Section.type, b);
    }
    const nImports = this.funcImports.length + (this.memory ? 1 : 0);
    if (nImports) {
      const b: number[] = [];
      encodeU32(nImports, b);
      if (this.memory) {
        const m = this.memory;
        name(m.module, b);
        name(m.name, b);
        b.push(ExternKind.memory);
        // limits flags: bit 0 = has maximum, bit 1 = shared (threads proposal).
        b.push((m.max !== undefined ? 1 : 0) | (m.shared ? 2 : 0));
        encodeU32(m.min, b);
        if (m.max !== undefined) encodeU32(m.max, b);
      }
      for (const f of this.funcImports) {
        name(f.module, b);
        name(f.name, b);
        b.push(ExternKind.func);
        encodeU32(f.type, b);
      }
      section(Section.import, b);
    }
    if (this.funcs.length) {
      const b: number[] = [];
      encodeU32(this.funcs.length, b);
      for (const f of this.funcs) encodeU32(f.type, b);
      section(Section.function, b);
    }
    if (this.globals.length) {
      const b: number[] = [];
      encodeU32(this.globals.length, b);
      for (const g of this.globals) {
        b.push(g.type, g.mutable ? 1 : 0);
        const init = new Code();
        if (g.type === 0x7e) init.i64Const(g.init);
        else init.i32Const(Number(BigInt.asIntN(32, g.init)));
        b.push(...init.bytes, Op.end);
      }
      section(Section.global, b);
    }
    if (this.exports.length) {
      const b: number[] = [];
      encodeU32(this.exports.length, b);
      for (const e of this.exports) {
        name(e.name, b);
        b.push(e.kind);
        encodeU32(e.index, b);
      }
      section(Section.export, b);
    }
    if (this.funcs.length) {
      const b: number[] = [];
      encodeU32(this.funcs.length, b);
      for (const f of this.funcs) {
        const body: number[] = [];
        encodeU32(f.locals.length, body);
        for (const l of f.locals) {
          encodeU32(l.count, body);
          body.push(l.type);
        }
        for (const x of f.body.bytes) body.push(x);
        body.push(Op.end);
        encodeU32(body.length, b);
        for (const x of body) b.push(x);
      }
      section(Section.code, b);
    }
    return Uint8Array.from(out);
  }
}
