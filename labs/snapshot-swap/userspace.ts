/**
 * The snapshot-swap harvester for the browser engine, the same job as the harvester thread
 * of reference/snapshot-swap.c. With a map of maps `buffers` (the solution) a harvest swaps a
 * fresh inner map (the one harvested last time, zeroed) into slot 0 (the API then waits, as the kernel does, until every
 * invocation that was running has returned) and sums the old one; with only the live map
 * `counts` (the starter) it reads each counter and then resets it. It harvests until the CPUs
 * are done (parallel mode says so) or else until the counts have stopped coming for a few
 * harvests (or a cap), then once more, and stores the number of harvests and their sum in the
 * `harvest` map.
 */
import type { UserspaceScript } from '../../src/engine/machine/index.ts';
import type { Value } from '../../src/engine/results.ts';
import type { UserMap } from '../../src/engine/userspace/index.ts';

const NKEYS = 16;
/** Harvests in a row that found nothing new, after some counts: the CPUs are done. */
const QUIET = 3;
const MAX_HARVESTS = 2_000;

const int = (v: Value | null): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : 0n);

const harvester: UserspaceScript = async (bpf) => {
  let outer: UserMap | null = null;
  try {
    outer = bpf.map('buffers');
  } catch {
    outer = null; // the starter: no map of maps
  }
  let live = outer ? await outer.lookupMap(0) : bpf.map('counts');
  if (!live) throw new Error('slot 0 of buffers holds no map');
  let spare: UserMap | null = null;
  let snapshots = 0n;
  let total = 0n;

  const sum = async (m: UserMap, reset: boolean): Promise<bigint> => {
    let s = 0n;
    for (let k = 0; k < NKEYS; k++) {
      s += int(await m.lookup(k));
      // A count that lands between this read and this reset is lost.
      if (reset && (await m.update(k, 0n))) throw new Error(`resetting key ${k} failed`);
    }
    return s;
  };
  const harvestOnce = async (): Promise<bigint> => {
    let got: bigint;
    if (outer) {
      // Double buffering: the map harvested last time, zeroed, is the next fresh one, so a long
      // run needs two inner maps, not one per harvest.
      const fresh = spare ?? (await outer.createInner());
      const err = await outer.update(0, fresh); // returns once running invocations are done
      if (err) throw new Error(`swapping in a fresh map failed (${err})`);
      const old = live!;
      got = await sum(old, true); // nothing writes to it any more: the reset loses nothing
      spare = old;
      live = fresh;
    } else {
      got = await sum(live!, true);
    }
    snapshots++;
    total += got;
    return got;
  };

  // Harvest while the CPUs run: both machines say when they are done (a quiet spell may only be
  // stalled workers); a host that cannot tell gets: until a few harvests in a row found nothing.
  const more = (quiet: number, n: number) => bpf.cpusRunning() ?? (quiet < QUIET && n < MAX_HARVESTS);
  for (let quiet = 0, n = 0; more(quiet, n); n++) {
    const got = await harvestOnce();
    quiet = got === 0n && total > 0n ? quiet + 1 : 0;
    await bpf.sleep(1);
  }
  await harvestOnce();
  const err = await bpf.map('harvest').update(0, { snapshots, total });
  if (err) throw new Error(`updating the harvest map failed (${err})`);
};

export default harvester;
