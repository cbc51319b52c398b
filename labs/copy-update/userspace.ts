/**
 * The copy-update reader for the browser engine, the same job as the reader thread of
 * reference/copy-update.c: look the pair up over and over while the CPUs run (a plain
 * lookup: the map has no lock), count the pairs that break b == 2 * a, and store the tally
 * in the `reader` map for the checks. It reads until the pair has stopped moving for a while
 * (or a cap); before the pair exists it sleeps between reads.
 */
import type { UserspaceScript } from '../../src/engine/machine/index.ts';
import type { Value } from '../../src/engine/results.ts';

/** Reads in a row that found the same pair: the CPUs are done. */
const QUIET_READS = 50;
const MAX_READS = 100_000;
const MAX_IDLE_SLEEPS = 10_000;

const num = (v: Value, field: string): bigint => {
  const x = (v as Record<string, Value>)[field];
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return BigInt(x);
  throw new Error(`pair value has no integer field '${field}'`);
};

const reader: UserspaceScript = async (bpf) => {
  const pairs = bpf.map('pairs');
  let reads = 0n;
  let mixed = 0n;
  let quiet = 0;
  let idle = 0;
  let last = '';
  while (reads < MAX_READS && quiet < QUIET_READS) {
    const v = await pairs.lookup(0);
    if (v === null || num(v, 'a') === 0n) {
      if (idle++ >= MAX_IDLE_SLEEPS) break;
      await bpf.sleep(1);
      continue;
    }
    const a = num(v, 'a');
    const b = num(v, 'b');
    reads++;
    if (b !== 2n * a) mixed++;
    const now = `${a}/${b}`;
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  const err = await bpf.map('reader').update(0, { reads, mixed });
  if (err) throw new Error(`updating the reader map failed (${err})`);
};

export default reader;
