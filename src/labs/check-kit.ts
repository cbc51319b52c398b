/**
 * What a lab's checks.ts is written with: the check function type and small readers over
 * the results schema that work on a browser run and a kernel run alike (integers may arrive
 * as number or bigint; everything is compared as bigint). A reader that does not find what
 * it needs throws a message naming what the results do have; the grader turns that into a
 * failed check. Browser-safe.
 */
import type { MapEntry, RunResult, Value } from '../engine/results.ts';

export interface Verdict {
  pass: boolean;
  detail: string;
}

export type CheckFn = (r: RunResult) => Verdict;
export type LabChecks = Record<string, CheckFn>;

/** Identity, for type inference in checks.ts. */
export const defineChecks = (checks: LabChecks): LabChecks => checks;

/** A Value as an exact integer. */
export function int(v: Value | undefined, what = 'value'): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new Error(`${what} is ${JSON.stringify(v) ?? 'missing'}, not an integer`);
}

/** A global variable as an integer (the starter and solution must keep its name). */
export function global(r: RunResult, name: string): bigint {
  if (!(name in r.globals)) {
    throw new Error(`the program has no global '${name}' (globals: ${Object.keys(r.globals).join(', ') || 'none'})`);
  }
  return int(r.globals[name], `global '${name}'`);
}

/** A map's entries, in key order. */
export function entries(r: RunResult, name: string): MapEntry[] {
  const m = r.maps[name];
  if (!m) throw new Error(`the program has no map '${name}' (maps: ${Object.keys(r.maps).join(', ') || 'none'})`);
  return m;
}

/** A struct field of a Value. */
export function field(v: Value | undefined, name: string): bigint {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !(name in v)) {
    throw new Error(`value has no field '${name}'`);
  }
  return int((v as Record<string, Value>)[name], `field '${name}'`);
}

/** Events of the whole run: CPUs × events per CPU. */
export const total = (r: RunResult): bigint => BigInt(r.cpus) * BigInt(r.eventsPerCpu);

export function popcount(x: bigint): number {
  let n = 0;
  for (let v = x; v > 0n; v >>= 1n) n += Number(v & 1n);
  return n;
}

export const ok = (detail: string): Verdict => ({ pass: true, detail });
export const fail = (detail: string): Verdict => ({ pass: false, detail });
export const verdict = (pass: boolean, detail: string): Verdict => ({ pass, detail });
