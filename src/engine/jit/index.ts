/**
 * The JIT's public face: compile a program to a WebAssembly.Module (`compileJit`) and
 * instantiate it on a shared memory with a helper dispatcher (`instantiateJit`). An instance
 * runs one invocation (`run`) or many in a loop inside wasm (`runMany`, what parallel workers
 * use); errors come back as JitRunError with the kernel-neutral code `budget`, `fault` or
 * `fall-off` and the instruction index when known. The JIT relies on the verifier for
 * safety of BPF semantics; wasm bounds every access to the engine's memory regardless.
 */
import type { BpfProgram } from '../object.ts';
import { FRAME_SIZE, type JitEnv, JitErr, MAX_FRAMES } from './env.ts';
import { translate } from './translate.ts';

export { JitError } from './cfg.ts';
export { runBare } from './conformance.ts';
export { FRAME_SIZE, Helper, type JitEnv, type JitMapInfo } from './env.ts';
export { translate } from './translate.ts';

/** Helper dispatcher for helpers not inlined: (id, r1..r5) → r0. */
export type HelperFn = (id: number, r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint) => bigint;

export interface CompiledJit {
  bytes: Uint8Array;
  module: WebAssembly.Module;
  compileMs: number;
}

/**
 * Node only: have V8 compile wasm with its optimising tier straight away. With the default
 * dynamic tiering, a long-running runMany loop stays in baseline code (wasm has no on-stack
 * replacement) and runs several times slower. A process-wide V8 flag, set once, before our
 * first module; pages keep the browser's own tiering.
 */
let tierSet = false;
export function preferOptimizingTier(): void {
  if (tierSet) return;
  tierSet = true;
  const p = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  const v8 = p?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (f: string) => void } | undefined;
  v8?.setFlagsFromString?.('--no-liftoff');
}

export function compileJit(prog: Pick<BpfProgram, 'insns' | 'funcs'>, env: JitEnv): CompiledJit {
  preferOptimizingTier();
  const t0 = performance.now();
  const { bytes } = translate(prog, env);
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  return { bytes, module, compileMs: performance.now() - t0 };
}

export class JitRunError extends Error {
  constructor(
    readonly code: 'budget' | 'fault' | 'fall-off' | 'lock-timeout' | 'call-depth',
    message: string,
    readonly pc?: number,
  ) {
    super(message);
    this.name = 'JitRunError';
  }
}

interface Exports {
  run1(ctx: bigint, fp: bigint): bigint;
  runMany(n: number, ctx: number, tmpl: number, ctxLen: number, fp: number, seq: number): number;
  prog(r1: bigint, r2: bigint, r3: bigint, r4: bigint, r5: bigint, fp: bigint): bigint;
  budget: WebAssembly.Global;
  stackLo: WebAssembly.Global;
  cpu: WebAssembly.Global;
  budgetInit: WebAssembly.Global;
  errCode: WebAssembly.Global;
  errPc: WebAssembly.Global;
  ret: WebAssembly.Global;
}

export class JitInstance {
  private readonly ex: Exports;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, helper: HelperFn) {
    const instance = new WebAssembly.Instance(module, { env: { memory, helper } });
    this.ex = instance.exports as unknown as Exports;
  }

  set cpu(cpu: number) {
    this.ex.cpu.value = cpu;
  }
  /** Instructions allowed per invocation (counted per basic block, checked at back edges). */
  set budget(n: number) {
    this.ex.budgetInit.value = Math.min(n, 0x7fffffff);
  }
  /** r0 of the last invocation of runMany. */
  get lastReturn(): bigint {
    return this.ex.ret.value as bigint;
  }

  /** One invocation with R1 = ctx and R10 = fp; returns R0. */
  run(ctx: number, fp: number): bigint {
    return this.guard(() => BigInt.asUintN(64, this.ex.run1(BigInt(ctx), BigInt(fp))));
  }

  /** One invocation of the program with R1, R2 (the rest zero) and R10 = fp; returns R0. */
  runWith(r1: number, r2: number, fp: number): bigint {
    this.ex.budget.value = this.ex.budgetInit.value;
    this.ex.stackLo.value = BigInt(fp - MAX_FRAMES * FRAME_SIZE);
    return this.guard(() => BigInt.asUintN(64, this.ex.prog(BigInt(r1), BigInt(r2), 0n, 0n, 0n, BigInt(fp))));
  }

  /**
   * n invocations; before each, ctxLen bytes are copied from tmpl to ctx (a fresh context).
   * With `seq` (an address, 0 for none) the u32 there is incremented before and after every
   * invocation — odd while one runs — so another thread can wait for running invocations.
   */
  runMany(n: number, ctx: number, tmpl: number, ctxLen: number, fp: number, seq = 0): void {
    this.guard(() => this.ex.runMany(n, ctx, tmpl, ctxLen, fp, seq));
  }

  private guard<T>(f: () => T): T {
    this.ex.errCode.value = 0;
    try {
      return f();
    } catch (e) {
      const code = this.ex.errCode.value as number;
      const pc = this.ex.errPc.value as number;
      if (code === JitErr.budget) {
        throw new JitRunError('budget', `instruction budget exceeded (insn ${pc})`, pc);
      }
      if (code === JitErr.lock) {
        throw new JitRunError(
          'lock-timeout',
          `bpf_spin_lock: lock not released (budget spent waiting, insn ${pc})`,
          pc,
        );
      }
      if (code === JitErr.callDepth) {
        throw new JitRunError('call-depth', `more than ${MAX_FRAMES} call frames (insn ${pc})`, pc);
      }
      if (code === JitErr.fallOff) throw new JitRunError('fall-off', `fell off the end of a function (insn ${pc})`, pc);
      // RangeError: the wasm stack overflowed (only unverified programs recurse that deep).
      if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) throw new JitRunError('fault', e.message);
      throw e;
    }
  }
}

export function instantiateJit(compiled: CompiledJit, memory: WebAssembly.Memory, helper: HelperFn): JitInstance {
  return new JitInstance(compiled.module, memory, helper);
}
