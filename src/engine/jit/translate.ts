/**
 * The JIT backend: a BpfProgram (verified, or a conformance test) → WebAssembly module bytes.
 *
 * Shape of the output module:
 * - imports `env.memory` (the engine's one shared memory; BPF addresses are wasm addresses) and
 *   `env.helper(id: i32, r1..r5: i64) → i64` for every helper that is not inlined;
 * - one wasm function per BPF function, `(r1, r2, r3, r4, r5, r10) → r0`; registers are i64
 *   locals (the callee's R6–R9 are its own locals, so callee-saved registers are preserved by
 *   construction) and each call frame's R10 lies FRAME_SIZE below its caller's;
 * - `run1(ctx, fp) → r0` and `runMany(n, ctx, tmpl, ctxLen, fp, seq) → n`, which invokes the
 *   program n times, copying a fresh context from `tmpl` before each invocation, all inside
 *   wasm, and (seq ≠ 0) bumping the invocation counter at `seq` before and after each one;
 * - globals `cpu`, `budgetInit`, `budget`, `errCode`, `errPc`, `ret` (see `JitErr`).
 *
 * Control flow: within a function, basic block k's code follows the `end` of block label B_k
 * in a nest `block B_{K-1} … block B_0`, so a forward jump is a direct `br` and falling through
 * is free. Only back edges go through `pc = target; br $dispatch` and a `br_table` at the top of
 * the (single) dispatch loop; they are also where the instruction budget is checked (the budget
 * is decremented by each block's length on entry, so counts equal the interpreter's up to the
 * back edge where the overrun is noticed). Instruction semantics follow the kernel's
 * interpreter (kernel/bpf/core.c): ALU32 results zero-extend, shifts mask the count, division
 * by zero gives 0 and modulo by zero leaves the dividend, signed INT_MIN / -1 gives INT_MIN.
 * Helpers inlined when `inlineHelpers` is on: map_lookup_elem on a statically known ARRAY or
 * PERCPU_ARRAY map, get_smp_processor_id, spin_lock (CAS spin, then wait32 with a 1 ms
 * timeout) and spin_unlock (xchg, notify if someone waits).
 */

import type { Insn } from '../isa/insn.ts';
import { type BpfProgram, MapType } from '../object.ts';
import {
  analyse,
  CLS_JMP32,
  type FuncCfg,
  isJump,
  isPseudoCall,
  JitError,
  jumpTarget,
  LDDW,
  lastSlot,
  OP_CALL,
  OP_EXIT,
} from './cfg.ts';
import { emitAlu } from './emit-alu.ts';
import { runManyBody } from './entry.ts';
import { FRAME_SIZE, Helper, type JitEnv, JitErr, MAX_FRAMES } from './env.ts';
import { G, L, reg } from './regs.ts';
import { Code, ModuleBuilder } from './wasm/encoder.ts';
import { AtomicOp, BlockType, Op, ValType } from './wasm/opcodes.ts';

const { i32, i64 } = ValType;

const LOCALS = [
  { count: 5, type: i64 }, // r0, r6..r9
  { count: 2, type: i32 }, // pc, budget
  { count: 2, type: i64 }, // t0, t1
  { count: 3, type: i32 }, // a, s, x
];

const FUNC_TYPE = { params: [i64, i64, i64, i64, i64, i64], results: [i64] };
const HELPER_IMPORT = 0;
/** Budget charged per 1 ms sleep on a contended spin lock. */
const LOCK_WAIT_COST = 1000;

const SIZE_BYTES = [4, 2, 1, 8] as const; // BPF size field >> 3: W, H, B, DW
const LOAD_U = [Op.i64_load32_u, Op.i64_load16_u, Op.i64_load8_u, Op.i64_load];
const LOAD_S = [Op.i64_load32_s, Op.i64_load16_s, Op.i64_load8_s, Op.i64_load];
const STORE = [Op.i64_store32, Op.i64_store16, Op.i64_store8, Op.i64_store];
const ALIGN = [2, 1, 0, 3];

/** Comparison opcodes for conditional jumps: [i64 op, i32 op] by BPF jump op >> 4. */
const CMP: Record<number, [number, number]> = {
  1: [Op.i64_eq, Op.i32_eq],
  2: [Op.i64_gt_u, Op.i32_gt_u],
  3: [Op.i64_ge_u, Op.i32_ge_u],
  5: [Op.i64_ne, Op.i32_ne],
  6: [Op.i64_gt_s, Op.i32_gt_s],
  7: [Op.i64_ge_s, Op.i32_ge_s],
  10: [Op.i64_lt_u, Op.i32_lt_u],
  11: [Op.i64_le_u, Op.i32_le_u],
  12: [Op.i64_lt_s, Op.i32_lt_s],
  13: [Op.i64_le_s, Op.i32_le_s],
};

export interface JitOutput {
  bytes: Uint8Array;
  /** Number of BPF functions translated. */
  functions: number;
}

export function translate(prog: Pick<BpfProgram, 'insns' | 'funcs'>, env: JitEnv): JitOutput {
  const insns = prog.insns;
  const { funcs, filler } = analyse(
    insns,
    (prog.funcs ?? []).map((f) => f.start),
  );
  const mb = new ModuleBuilder();
  mb.importFunction('env', 'helper', { params: [i32, i64, i64, i64, i64, i64], results: [i64] });
  const pages = env.memoryPages ?? { min: 1, max: 65536 };
  mb.importMemory({ module: 'env', name: 'memory', min: pages.min, max: pages.max, shared: true });
  mb.addGlobal(i32, true, 0n); // cpu
  mb.addGlobal(i32, true, 1_000_000n); // budgetInit
  mb.addGlobal(i32, true, 0n); // budget
  mb.addGlobal(i32, true, 0n); // errCode
  mb.addGlobal(i32, true, 0n); // errPc
  mb.addGlobal(i64, true, 0n); // ret
  mb.addGlobal(i64, true, 0n); // stackLo: no frame's R10 may reach it
  const funcIndex = new Map<number, number>();
  for (const f of funcs) funcIndex.set(f.start, mb.addFunction(FUNC_TYPE, LOCALS));
  const t = new Translator(insns, filler, env, funcIndex);
  for (const f of funcs) mb.setBody(funcIndex.get(f.start)!, t.func(f));
  const main = funcIndex.get(0)!;
  const run1 = mb.addFunction(
    { params: [i64, i64], results: [i64] },
    [],
    new Code()
      .globalGet(G.budgetInit)
      .globalSet(G.budget)
      .localGet(1)
      .i64Const(BigInt(MAX_FRAMES * FRAME_SIZE))
      .op(Op.i64_sub)
      .globalSet(G.stackLo)
      .localGet(0)
      .i64Const(0n)
      .i64Const(0n)
      .i64Const(0n)
      .i64Const(0n)
      .localGet(1)
      .call(main),
  );
  const runMany = mb.addFunction(
    { params: [i32, i32, i32, i32, i32, i32], results: [i32] },
    [{ count: 2, type: i32 }],
    runManyBody(main),
  );
  mb.export('prog', 'func', main);
  mb.export('run1', 'func', run1);
  mb.export('runMany', 'func', runMany);
  for (const [name, idx] of Object.entries(G)) mb.export(name, 'global', idx);
  return { bytes: mb.encode(), functions: funcs.length };
}

class Translator {
  private c = new Code();
  private f!: FuncCfg;
  /** Block being emitted and its index. */
  private k = 0;
  /** Registers known (within the current block) to hold a map loaded by `lddw` (map index). */
  private knownMap: (number | undefined)[] = [];

  constructor(
    private readonly insns: Insn[],
    private readonly filler: boolean[],
    private readonly env: JitEnv,
    private readonly funcIndex: Map<number, number>,
  ) {}

  func(f: FuncCfg): Code {
    this.f = f;
    this.c = new Code();
    const c = this.c;
    const K = f.blocks.length;
    c.globalGet(G.budget).localSet(L.budget);
    if (f.hasBackEdge) c.loop(BlockType.empty);
    for (let k = 0; k < K; k++) c.block(BlockType.empty);
    if (f.hasBackEdge) {
      c.localGet(L.pc).brTable(
        f.blocks.map((_, k) => k),
        0,
      );
    }
    for (let k = 0; k < K; k++) {
      c.end();
      this.block(k);
    }
    // Falling off the end of a function (only possible in unverified code) is an error.
    this.trap(JitErr.fallOff, f.end - 1);
    if (f.hasBackEdge) c.end().op(Op.unreachable);
    return c;
  }

  private trap(code: number, pc: number): void {
    this.c.i32Const(code).globalSet(G.errCode).i32Const(pc).globalSet(G.errPc).op(Op.unreachable);
  }

  private block(k: number): void {
    this.k = k;
    this.knownMap = [];
    const b = this.f.blocks[k];
    let n = 0;
    for (let pc = b.start; pc < b.end; pc++) if (!this.filler[pc]) n++;
    this.c.localGet(L.budget).i32Const(n).op(Op.i32_sub).localSet(L.budget);
    for (let pc = b.start; pc < b.end; pc++) {
      if (this.filler[pc]) continue;
      this.insn(this.insns[pc], pc);
    }
  }

  private insn(insn: Insn, pc: number): void {
    const cls = insn.code & 7;
    const c = this.c;
    if (cls === 0x04 || cls === 0x07) {
      emitAlu(c, insn, pc);
      this.knownMap[insn.dst] =
        (insn.code & 0xf0) === 0xb0 && insn.code & 8 && insn.off === 0 && cls === 0x07
          ? this.knownMap[insn.src]
          : undefined;
      return;
    }
    if (cls === 0x05 || cls === 0x06) {
      this.jmp(insn, pc);
      return;
    }
    if (insn.code === LDDW) {
      this.lddw(insn, pc);
      return;
    }
    const size = (insn.code >> 3) & 3;
    const mode = insn.code & 0xe0;
    if (cls === 0x01 && (mode === 0x60 || mode === 0x80)) {
      // LDX / LDXSX
      const off = this.addr(insn.src, insn.off, pc);
      c.mem((mode === 0x80 ? LOAD_S : LOAD_U)[size], ALIGN[size], off).localSet(reg(insn.dst, pc));
      this.knownMap[insn.dst] = undefined;
      return;
    }
    if (cls === 0x02 && mode === 0x60) {
      const off = this.addr(insn.dst, insn.off, pc);
      c.i64Const(BigInt(insn.imm)).mem(STORE[size], ALIGN[size], off);
      return;
    }
    if (cls === 0x03 && mode === 0x60) {
      const off = this.addr(insn.dst, insn.off, pc);
      c.localGet(reg(insn.src, pc)).mem(STORE[size], ALIGN[size], off);
      return;
    }
    if (cls === 0x03 && mode === 0xc0 && (SIZE_BYTES[size] === 4 || SIZE_BYTES[size] === 8)) {
      this.atomic(insn, pc, SIZE_BYTES[size] === 8);
      return;
    }
    throw new JitError(`unsupported instruction 0x${insn.code.toString(16).padStart(2, '0')}`, pc);
  }

  /** Pushes the i32 base address for [reg + off]; returns the memarg offset to use. */
  private addr(r: number, off: number, pc: number): number {
    this.c.localGet(reg(r, pc)).op(Op.i32_wrap_i64);
    if (off >= 0) return off;
    this.c.i32Const(off).op(Op.i32_add);
    return 0;
  }

  private atomic(insn: Insn, pc: number, wide: boolean): void {
    const c = this.c;
    const w = wide ? 'i64' : 'i64_32u';
    const off = this.addr(insn.dst, insn.off, pc);
    const src = reg(insn.src, pc);
    const ops: Record<number, 'add' | 'or' | 'and' | 'xor'> = { 0: 'add', 64: 'or', 80: 'and', 160: 'xor' };
    const base = insn.imm & ~1;
    const fetch = (insn.imm & 1) === 1;
    if (ops[base] !== undefined && (insn.imm === base || fetch)) {
      c.localGet(src).atomicRmw(ops[base], w, off);
      if (fetch) {
        c.localSet(src);
        this.knownMap[insn.src] = undefined;
      } else c.op(Op.drop);
    } else if (insn.imm === 0xe1) {
      c.localGet(src).atomicRmw('xchg', w, off).localSet(src);
      this.knownMap[insn.src] = undefined;
    } else if (insn.imm === 0xf1) {
      // CMPXCHG: compare with R0, store src if equal; the old value always lands in R0.
      c.localGet(L.r0).localGet(src).atomicRmw('cmpxchg', w, off).localSet(L.r0);
      this.knownMap[0] = undefined;
    } else {
      throw new JitError(`unsupported atomic operation 0x${insn.imm.toString(16)}`, pc);
    }
  }

  private lddw(insn: Insn, pc: number): void {
    const imm64 = insn.imm64 ?? BigInt.asUintN(32, BigInt(insn.imm));
    const dst = reg(insn.dst, pc);
    this.knownMap[insn.dst] = undefined;
    if (insn.src === 0) {
      this.c.i64Const(imm64).localSet(dst);
      return;
    }
    const map = this.env.maps[insn.imm];
    if (!map) throw new JitError(`lddw refers to unknown map ${insn.imm}`, pc);
    if (insn.src === 1) {
      this.c.i64Const(map.handle).localSet(dst);
      this.knownMap[insn.dst] = insn.imm;
    } else if (insn.src === 2) {
      if (map.valueAddr < 0) throw new JitError(`map ${insn.imm} has no direct value`, pc);
      const off = Number(BigInt.asUintN(32, imm64 >> 32n));
      this.c.i64Const(BigInt(map.valueAddr + off)).localSet(dst);
    } else {
      throw new JitError(`unsupported lddw pseudo source ${insn.src}`, pc);
    }
  }

  private jmp(insn: Insn, pc: number): void {
    const c = this.c;
    const op = insn.code & 0xf0;
    if (op === OP_EXIT) {
      c.localGet(L.budget).globalSet(G.budget).localGet(L.r0).op(Op.return);
      return;
    }
    if (op === OP_CALL) {
      if (insn.code !== 0x85) throw new JitError('callx is not supported', pc);
      if (isPseudoCall(insn)) {
        this.pseudoCall(insn, pc);
        return;
      }
      if (insn.src !== 0) throw new JitError(`unsupported call source ${insn.src}`, pc);
      this.helperCall(insn.imm, pc);
      for (let r = 0; r <= 5; r++) this.knownMap[r] = undefined;
      return;
    }
    if (!isJump(insn)) throw new JitError('bad jump', pc);
    const target = this.f.blockAt.get(jumpTarget(insn, pc))!;
    if (op === 0x00) {
      this.goto(target, pc, false);
      return;
    }
    const is32 = (insn.code & 7) === CLS_JMP32;
    c.localGet(reg(insn.dst, pc));
    if (is32) c.op(Op.i32_wrap_i64);
    if (insn.code & 8) {
      c.localGet(reg(insn.src, pc));
      if (is32) c.op(Op.i32_wrap_i64);
    } else if (is32) c.i32Const(insn.imm);
    else c.i64Const(BigInt(insn.imm));
    if (op === 0x40) {
      // JSET
      if (is32) c.op(Op.i32_and);
      else c.op(Op.i64_and).i64Const(0n).op(Op.i64_ne);
    } else {
      const cmp = CMP[op >> 4];
      if (!cmp) throw new JitError(`unsupported jump 0x${insn.code.toString(16)}`, pc);
      c.op(is32 ? cmp[1] : cmp[0]);
    }
    this.goto(target, pc, true);
  }

  /** Branch to block `j` from the end of the current block (condition on the stack if `cond`). */
  private goto(j: number, pc: number, cond: boolean): void {
    const c = this.c;
    const m = this.k;
    const K = this.f.blocks.length;
    if (j === m + 1 && pc === lastSlot(this.f.blocks[m], this.filler)) {
      if (cond) c.op(Op.drop);
      return;
    }
    if (j > m) {
      if (cond) c.brIf(j - m - 1);
      else c.br(j - m - 1);
      return;
    }
    // Back edge: check the budget, then dispatch through the loop's br_table.
    if (cond) c.if(BlockType.empty);
    const extra = cond ? 1 : 0;
    c.localGet(L.budget).i32Const(0).op(Op.i32_lt_s).if(BlockType.empty);
    this.trap(JitErr.budget, pc);
    c.end();
    c.i32Const(j)
      .localSet(L.pc)
      .br(K - 1 - m + extra);
    if (cond) c.end();
  }

  private pseudoCall(insn: Insn, pc: number): void {
    const target = pc + insn.imm + 1;
    const idx = this.funcIndex.get(target);
    if (idx === undefined) throw new JitError(`call to unknown function at ${target}`, pc);
    const c = this.c;
    // A ninth frame would be below the CPU's stack: the interpreter's call-depth fault.
    c.localGet(L.r10).i64Const(BigInt(FRAME_SIZE)).op(Op.i64_sub).globalGet(G.stackLo).op(Op.i64_le_s);
    c.if(BlockType.empty);
    this.trap(JitErr.callDepth, pc);
    c.end();
    c.localGet(L.budget).globalSet(G.budget);
    for (let r = 1; r <= 5; r++) c.localGet(reg(r, pc));
    c.localGet(L.r10).i64Const(BigInt(FRAME_SIZE)).op(Op.i64_sub).call(idx).localSet(L.r0);
    c.globalGet(G.budget).localSet(L.budget);
    for (let r = 0; r <= 5; r++) this.knownMap[r] = undefined;
  }

  private helperCall(id: number, pc: number): void {
    const c = this.c;
    const inline = this.env.inlineHelpers !== false;
    if (inline && id === Helper.get_smp_processor_id) {
      c.globalGet(G.cpu).op(Op.i64_extend_i32_u).localSet(L.r0);
      return;
    }
    if (inline && id === Helper.get_current_pid_tgid && this.env.pidTgid) {
      const { tgid, pidBase } = this.env.pidTgid;
      c.globalGet(G.cpu).op(Op.i64_extend_i32_u).i64Const(BigInt(pidBase)).op(Op.i64_add);
      c.i64Const(BigInt(tgid) << 32n)
        .op(Op.i64_or)
        .localSet(L.r0);
      return;
    }
    if (inline && id === Helper.map_lookup_elem) {
      const m = this.knownMap[1];
      const arr = m === undefined ? undefined : this.env.maps[m]?.array;
      if (arr) {
        // key (u32 at r2) < max_entries ? base + key * keyStride + cpu * cpuStride : NULL
        c.localGet(reg(2, pc)).op(Op.i32_wrap_i64).mem(Op.i32_load, 2, 0).localTee(L.a);
        c.i32Const(arr.maxEntries).op(Op.i32_lt_u).if(BlockType.i64);
        c.localGet(L.a).op(Op.i64_extend_i32_u).i64Const(BigInt(arr.keyStride)).op(Op.i64_mul);
        c.i64Const(BigInt(arr.base)).op(Op.i64_add);
        if (arr.cpuStride) {
          c.globalGet(G.cpu).op(Op.i64_extend_i32_u).i64Const(BigInt(arr.cpuStride)).op(Op.i64_mul).op(Op.i64_add);
        }
        c.else().i64Const(0n).end().localSet(L.r0);
        return;
      }
      if (this.env.descriptor) {
        this.dynamicLookup(this.env.descriptor, pc);
        return;
      }
    }
    if (inline && id === Helper.spin_lock) {
      this.spinLock(pc);
      return;
    }
    if (inline && id === Helper.spin_unlock) {
      // Release; wake one waiter if the word said someone may be sleeping (state 2).
      c.localGet(reg(1, pc)).op(Op.i32_wrap_i64).localTee(L.a).i32Const(0).atomicRmw('xchg', 'i32');
      c.i32Const(2).op(Op.i32_eq).if(BlockType.empty);
      c.localGet(L.a).i32Const(1).atomic(AtomicOp.memory_atomic_notify, 2, 0).op(Op.drop).end();
      c.i64Const(0n).localSet(L.r0);
      return;
    }
    c.i32Const(id);
    for (let r = 1; r <= 5; r++) c.localGet(reg(r, pc));
    c.call(HELPER_IMPORT).localSet(L.r0);
  }

  /**
   * bpf_map_lookup_elem on a map known only at run time: the descriptor's type decides.
   * ARRAY: data + key·stride; PERCPU_ARRAY: pcpu + cpu·plane + key·stride; ARRAY_OF_MAPS: the
   * slot's inner-map descriptor (atomic load: userspace swaps slots with one atomic store);
   * NULL for a key ≥ max_entries; any other type goes to the helper.
   */
  private dynamicLookup(d: NonNullable<JitEnv['descriptor']>, pc: number): void {
    const c = this.c;
    const word = (w: number) => c.localGet(L.s).mem(Op.i32_load, 2, 4 * w);
    const { ARRAY, PERCPU_ARRAY, ARRAY_OF_MAPS } = MapType;
    c.localGet(reg(1, pc)).op(Op.i32_wrap_i64).localSet(L.s);
    word(d.type).localSet(L.a);
    c.block(BlockType.empty); // $done
    c.block(BlockType.empty); // $generic
    c.localGet(L.a).i32Const(ARRAY).op(Op.i32_ne);
    c.localGet(L.a).i32Const(PERCPU_ARRAY).op(Op.i32_ne).op(Op.i32_and);
    c.localGet(L.a).i32Const(ARRAY_OF_MAPS).op(Op.i32_ne).op(Op.i32_and).brIf(0);
    c.localGet(reg(2, pc)).op(Op.i32_wrap_i64).mem(Op.i32_load, 2, 0).localTee(L.x);
    word(d.maxEntries).op(Op.i32_ge_u).if(BlockType.empty);
    c.i64Const(0n).localSet(L.r0).br(2);
    c.end();
    c.localGet(L.a).i32Const(PERCPU_ARRAY).op(Op.i32_eq).if(BlockType.i32);
    word(d.pcpu).globalGet(G.cpu);
    word(d.pcpuPlane).op(Op.i32_mul).op(Op.i32_add);
    c.else();
    word(d.data);
    c.end();
    c.localGet(L.x);
    word(d.stride).op(Op.i32_mul).op(Op.i32_add).localSet(L.x);
    c.localGet(L.a).i32Const(ARRAY_OF_MAPS).op(Op.i32_eq).if(BlockType.i32);
    c.localGet(L.x).atomic(AtomicOp.i32_atomic_load, 2, 0);
    c.else();
    c.localGet(L.x);
    c.end();
    c.op(Op.i64_extend_i32_u).localSet(L.r0).br(1);
    c.end(); // $generic: the helper
    c.i32Const(Helper.map_lookup_elem);
    for (let r = 1; r <= 5; r++) c.localGet(reg(r, pc));
    c.call(HELPER_IMPORT).localSet(L.r0);
    c.end(); // $done
  }

  /**
   * Lock word: 0 free, 1 held, 2 held and someone may wait. Try a CAS; spin (reading first,
   * so contended spinning does not bounce the line with writes) up to spinLimit times; then
   * mark the word 2 with xchg and sleep in wait32 (1 ms timeout, so a holder that unlocks
   * without notify — e.g. a userspace BPF_F_LOCK path — only delays us) until xchg sees 0.
   */
  private spinLock(pc: number): void {
    const c = this.c;
    c.localGet(reg(1, pc)).op(Op.i32_wrap_i64).localSet(L.a);
    c.block(BlockType.empty);
    c.localGet(L.a).i32Const(0).i32Const(1).atomicRmw('cmpxchg', 'i32').op(Op.i32_eqz).brIf(0);
    c.i32Const(this.env.spinLimit ?? 200).localSet(L.s);
    c.loop(BlockType.empty);
    c.localGet(L.a).atomic(AtomicOp.i32_atomic_load, 2, 0).op(Op.i32_eqz).if(BlockType.empty);
    c.localGet(L.a).i32Const(0).i32Const(1).atomicRmw('cmpxchg', 'i32').op(Op.i32_eqz).brIf(2);
    c.end();
    c.localGet(L.s).i32Const(1).op(Op.i32_sub).localTee(L.s).brIf(0);
    c.end();
    c.loop(BlockType.empty);
    c.localGet(L.a).i32Const(2).atomicRmw('xchg', 'i32').op(Op.i32_eqz).brIf(1);
    // Each sleep costs LOCK_WAIT_COST of the budget, so a lock nobody releases ends the
    // invocation (errCode lock) instead of hanging the CPU forever.
    c.localGet(L.budget).i32Const(LOCK_WAIT_COST).op(Op.i32_sub).localTee(L.budget);
    c.i32Const(0).op(Op.i32_lt_s).if(BlockType.empty);
    this.trap(JitErr.lock, pc);
    c.end();
    c.localGet(L.a).i32Const(2).i64Const(1_000_000n).atomic(AtomicOp.memory_atomic_wait32, 2, 0).op(Op.drop);
    c.br(0);
    c.end();
    c.end();
    c.i64Const(0n).localSet(L.r0);
  }
}
