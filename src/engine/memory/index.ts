/**
 * The engine's shared memory: one `WebAssembly.Memory({shared: true})` holding every
 * BPF-visible byte (layout documented in layout.ts), the lock word primitives used by maps and
 * helpers, and the bpf_printk log ring.
 */
export * from './layout.ts';
export { lockAcquire, lockHeld, lockRelease, lockTry } from './lock.ts';
export { logDrain, logWrite } from './log-ring.ts';
export {
  attachEngineMemory,
  type CreateMemoryOptions,
  createEngineMemory,
  EngineFault,
  EngineMemory,
} from './memory.ts';
export { nextRandom } from './rng.ts';
