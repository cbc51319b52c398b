/**
 * Connects the interpreter's helper calls to the helper implementations (src/engine/helpers/):
 * reads r1..r5 from the register halves, runs the helper for the calling CPU in non-blocking
 * mode (a held spin lock answers "would block", so the scheduler runs another CPU), writes r0,
 * and turns an EngineFault (bad pointer, unknown helper) into a fault value.
 *
 * Deterministic inputs: bpf_ktime_get_ns counts 10 ns per instruction executed in the whole
 * run before the call (any CPU), from a fixed base; bpf_get_prandom_u32 uses each CPU's generator seeded from the run's
 * seed; bpf_get_current_pid_tgid reports the synthetic process.
 */
import { callHelper, HELPER_WOULD_BLOCK, helperById, helperEnv } from '../helpers/index.ts';
import type { MapSet } from '../maps/index.ts';
import { type CpuState, getReg, setReg } from '../vm/cpu.ts';
import { HELPER_BLOCKED, HELPER_DONE } from '../vm/interpreter.ts';
import { SYNTHETIC_TGID } from './context.ts';

export const CLOCK_BASE_NS = 1_000_000_000n;
export const NS_PER_INSN = 10n;

export function makeHelperCaller(
  set: MapSet,
  steps: (cpu: number) => number,
): (id: number, cpu: CpuState) => number | string {
  const envs = Array.from({ length: set.cpus }, (_, c) =>
    helperEnv(set, c, {
      blocking: false,
      clock: () => CLOCK_BASE_NS + BigInt(steps(c)) * NS_PER_INSN,
      pidTgid: () => (BigInt(SYNTHETIC_TGID) << 32n) | BigInt(SYNTHETIC_TGID + c),
    }),
  );
  // Only the arguments a helper takes are converted to bigint (the rest are 0n).
  const arity = (id: number) => helperById(id)?.args.length ?? 5;
  const arg = (cpu: CpuState, r: number, n: number) => (r <= n ? getReg(cpu, r) : 0n);
  return (id, cpu) => {
    try {
      const n = arity(id);
      const r0 = callHelper(
        id,
        arg(cpu, 1, n),
        arg(cpu, 2, n),
        arg(cpu, 3, n),
        arg(cpu, 4, n),
        arg(cpu, 5, n),
        envs[cpu.id],
      );
      if (r0 === HELPER_WOULD_BLOCK) return HELPER_BLOCKED;
      setReg(cpu, 0, r0);
      return HELPER_DONE;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}
