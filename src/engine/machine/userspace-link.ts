/**
 * The API a lab's userspace script receives in the deterministic machine: libbpf-like map
 * operations on the run's maps (by map name, typed keys and values as in RunResult), per-CPU
 * lookups returning one value per CPU, inner-map creation, and sleep. Errors are negative
 * errnos, as libbpf returns them. Every function is a scheduling point (userspace-driver.ts).
 * Operations never wait for a lock (one thread runs everything here): an F_LOCK operation that
 * meets a lock held by a CPU mid-critical-section returns the maps' WOULD_BLOCK code.
 */
import { BPF_F_LOCK, type MapSet } from '../maps/index.ts';
import type { Value } from '../results.ts';

export function userspaceApi(set: MapSet): Record<string, unknown> {
  return {
    cpus: set.cpus,
    BPF_F_LOCK,
    lookup: (map: string, key: Value, flags = 0) => {
      const r = set.lookupValue(map, key, flags, false);
      return r.err ? { err: r.err, value: null } : { err: 0, value: r.value };
    },
    update: (map: string, key: Value, value: Value, flags = 0) => set.updateValue(map, key, value, flags, false),
    delete: (map: string, key: Value) => set.deleteValue(map, key, false),
    nextKey: (map: string, key: Value | null) => {
      const r = set.nextKeyValue(map, key);
      return r.err ? null : r.value;
    },
    createInner: (outer: string) => set.createInner(outer).id,
    sleep: async (_ms: number) => {},
  };
}
