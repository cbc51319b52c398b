/**
 * The entry points a translated module exports besides the program's own functions: the
 * event loop `runMany` that parallel workers (and sequential runs) call. Not the program's
 * translation (translate.ts).
 */
import { FRAME_SIZE, MAX_FRAMES } from './env.ts';
import { G } from './regs.ts';
import { Code } from './wasm/encoder.ts';
import { AtomicOp, BlockType, Op } from './wasm/opcodes.ts';

/**
 * runMany(n, ctx, tmpl, ctxLen, fp, seq): n invocations, each with a fresh copy of the context.
 * The copy is an inline loop of 8-byte moves (contexts are multiples of 8 bytes): V8 turns
 * memory.copy on a shared memory into a call out of wasm that costs more than a small
 * program itself.
 */
export function runManyBody(main: number): Code {
  const [n, ctx, tmpl, len, fp, seq, i, k] = [0, 1, 2, 3, 4, 5, 6, 7];
  // seq ≠ 0: bump the u32 at seq (odd while an invocation runs) before and after each one.
  const bump = () =>
    new Code()
      .localGet(seq)
      .if(BlockType.empty)
      .localGet(seq)
      .localGet(seq)
      .atomic(AtomicOp.i32_atomic_load, 2, 0)
      .i32Const(1)
      .op(Op.i32_add)
      .atomic(AtomicOp.i32_atomic_store, 2, 0)
      .end();
  return (
    new Code()
      .block(BlockType.empty)
      .loop(BlockType.empty)
      .localGet(i)
      .localGet(n)
      .op(Op.i32_ge_u)
      .brIf(1)
      .i32Const(0)
      .localSet(k)
      .block(BlockType.empty)
      .loop(BlockType.empty)
      .localGet(k)
      .localGet(len)
      .op(Op.i32_ge_u)
      .brIf(1)
      .localGet(ctx)
      .localGet(k)
      .op(Op.i32_add)
      .localGet(tmpl)
      .localGet(k)
      .op(Op.i32_add)
      .mem(Op.i64_load, 0, 0)
      .mem(Op.i64_store, 0, 0)
      .localGet(k)
      .i32Const(8)
      .op(Op.i32_add)
      .localSet(k)
      .br(0)
      .end()
      .end()
      .globalGet(G.budgetInit)
      .globalSet(G.budget)
      .localGet(fp)
      .op(Op.i64_extend_i32_u)
      .i64Const(BigInt(MAX_FRAMES * FRAME_SIZE))
      .op(Op.i64_sub)
      .globalSet(G.stackLo)
      .append(bump())
      .localGet(ctx)
      .op(Op.i64_extend_i32_u)
      .i64Const(0n)
      .i64Const(0n)
      .i64Const(0n)
      .i64Const(0n)
      .localGet(fp)
      .op(Op.i64_extend_i32_u)
      .call(main)
      .globalSet(G.ret)
      .append(bump())
      // An acquire (seq-cst) load between invocations: an optimiser that inlines the program
      // into this loop may not carry a plain load's value from one invocation into the next,
      // so each invocation reads shared memory afresh, as separate kernel invocations do.
      // A plain mov on x86, so it costs nothing measurable.
      .i32Const(0)
      .atomic(AtomicOp.i32_atomic_load, 2, 0)
      .op(Op.drop)
      .localGet(i)
      .i32Const(1)
      .op(Op.i32_add)
      .localSet(i)
      .br(0)
      .end()
      .end()
      .localGet(n)
  );
}
