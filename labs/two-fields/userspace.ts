/**
 * The two-fields reader for the browser engine, the same job as the reader thread of
 * reference/two-fields.c: look the {packets, bytes} pair up with BPF_F_LOCK (the value's spin
 * lock held for the copy) over and over while the CPUs run, count the pairs whose average is
 * not the packet length, and store the tally in the `reader` map for the checks.
 *
 * It cannot see when the CPUs are done, so it reads until the pair has stopped moving for a
 * while (or a cap): before the first packet it sleeps between reads, so a slow start of the
 * CPUs does not use the reads up.
 */
import type { UserspaceScript } from '../../src/engine/machine/index.ts';
import type { Value } from '../../src/engine/results.ts';
import { BPF_F_LOCK } from '../../src/engine/userspace/index.ts';

/** The harness's test packet (and the engine's default packet). */
const PACKET_BYTES = 64n;
/** Reads in a row that found the same pair: the CPUs are done. */
const QUIET_READS = 50;
const MAX_READS = 100_000;
const MAX_IDLE_SLEEPS = 10_000;

const num = (v: Value, field: string): bigint => {
  const x = (v as Record<string, Value>)[field];
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return BigInt(x);
  throw new Error(`stats value has no integer field '${field}'`);
};

const reader: UserspaceScript = async (bpf) => {
  const stats = bpf.map('stats');
  let reads = 0n;
  let torn = 0n;
  let quiet = 0;
  let idle = 0;
  let last = '';
  while (reads < MAX_READS && quiet < QUIET_READS) {
    const v = await stats.lookup(0, BPF_F_LOCK);
    if (v === null) throw new Error('stats has no entry 0');
    const packets = num(v, 'packets');
    const bytes = num(v, 'bytes');
    if (packets === 0n && idle < MAX_IDLE_SLEEPS) {
      idle++;
      await bpf.sleep(1);
      continue;
    }
    reads++;
    if (bytes !== packets * PACKET_BYTES) torn++;
    const now = `${packets}/${bytes}`;
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  const err = await bpf.map('reader').update(0, { reads, torn });
  if (err) throw new Error(`updating the reader map failed (${err})`);
};

export default reader;
