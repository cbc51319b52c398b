/**
 * The helper import of a CPU worker in an engine run: the engine's helper table
 * (src/engine/helpers) bound to this CPU, attached to the shared engine memory, blocking
 * (parallel mode waits for locks for real). Helpers the JIT inlines (array lookups,
 * smp_processor_id, spin locks) never come here. A helper's EngineFault (bad pointer) ends
 * the run as a fault, like an out-of-bounds access.
 */
import { createHelperFn } from '../helpers/index.ts';
import type { HelperFn } from '../jit/index.ts';

export function engineHelpers(memory: WebAssembly.Memory, cpu: number, _seed: bigint): HelperFn {
  return createHelperFn(memory, cpu, { blocking: true });
}
