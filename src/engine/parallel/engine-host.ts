/**
 * The helper import of a CPU worker in an engine run: the engine's helper table
 * (src/engine/helpers) bound to this CPU and attached to the shared engine memory. Helpers
 * the JIT inlines (array lookups, smp_processor_id, spin locks) never come here.
 */
import type { HelperFn } from '../jit/index.ts';

export function engineHelpers(_memory: WebAssembly.Memory, _cpu: number, _seed: bigint): HelperFn {
  return (id) => {
    throw new Error(`helper ${id}: the engine helper table is not wired into parallel mode yet`);
  };
}
