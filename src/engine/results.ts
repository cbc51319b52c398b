/**
 * The results schema: one shape for the browser engine (interp, jit) and the real kernel, so
 * one set of checks grades both (DESIGN §2.5). Integers are bigint in memory and printed as
 * exact decimal JSON numbers by `stringifyResults` (a 64-bit value never passes through a
 * float64).
 */

/** A value as printed: integers, arrays of values, or structs by field name. */
export type Value = bigint | number | string | boolean | null | Value[] | { [field: string]: Value };

export interface MapEntry {
  key: Value;
  /** Shared maps. */
  value?: Value;
  /** Per-CPU maps: one value per CPU. */
  values?: Value[];
}

export interface CheckResult {
  id: string;
  pass: boolean;
  detail: string;
}

export interface RunResult {
  lab?: string;
  engine: 'interp' | 'jit' | 'kernel';
  kernel?: string;
  cpus: number;
  eventsPerCpu: number;
  mode: 'parallel' | 'deterministic';
  /** Global variables by name (.bss/.data/.rodata), arrays as lists, structs by field. */
  globals: Record<string, Value>;
  /** Maps by name, entries in key order. */
  maps: Record<string, MapEntry[]>;
  checks: CheckResult[];
  durationNs: number;
  nsPerEvent: number;
  /** Deterministic mode: a compact schedule string that replays the run exactly. */
  schedule?: string;
  /** bpf_printk output and engine notes, in order. */
  log: string[];
  /** Why a run stopped early (instruction budget, wall-clock limit, fault), if it did. */
  error?: { code: string; message: string; cpu?: number; pc?: number };
}

/** JSON with bigints printed as exact integers. */
export function stringifyResults(value: unknown, indent?: number): string {
  const marks: string[] = [];
  const json = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') {
        marks.push(v.toString());
        return `\u0000BIG${marks.length - 1}\u0000`;
      }
      return v;
    },
    indent,
  );
  return json.replace(/"\\u0000BIG(\d+)\\u0000"/g, (_m, i) => marks[Number(i)]);
}

/** Parses JSON, keeping integers outside the float64-safe range as bigint. */
export function parseResults(text: string): unknown {
  return JSON.parse(text, (_k, v, ctx?: { source?: string }) => {
    if (typeof v === 'number' && ctx?.source && /^-?\d+$/.test(ctx.source) && !Number.isSafeInteger(v)) {
      return BigInt(ctx.source);
    }
    return v;
  });
}
