/**
 * Test worker (worker_threads): attaches to an engine memory created by the test, then acts
 * as simulated CPU `cpu` calling the real helpers, the way a JIT worker would:
 * - `locked`: bpf_spin_lock around a non-atomic count++ / sum += 2 on one HASH value;
 * - `churn`: replacing updates, lookups and deletes on a small shared key range of a HASH.
 * Plain TypeScript that Node's type stripping can load.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { callHelper, helperEnv } from '../../helpers/index.ts';
import { attachEngineMemory } from '../../memory/index.ts';
import type { ProgramObject } from '../../object.ts';
import { attachMaps } from '../map-set.ts';

const { memory, obj, cpu, iterations } = workerData as {
  memory: WebAssembly.Memory;
  obj: ProgramObject;
  cpu: number;
  iterations: number;
};

const mem = attachEngineMemory(memory);
const maps = attachMaps(obj, mem);
const env = helperEnv(maps, cpu);
const keyAddr = mem.stackBottom(cpu);
const valAddr = keyAddr + 64;
const locked = BigInt(maps.mapAddr('locked'));
const churn = BigInt(maps.mapAddr('churn'));
const call = (id: number, a = 0n, b = 0n, c = 0n, d = 0n) => callHelper(id, a, b, c, d, 0n, env);

let errors = 0;
let seenOld = 0;
for (let i = 0; i < iterations; i++) {
  // Critical section under the value's spin lock.
  mem.dv.setUint32(keyAddr, 0, true);
  const p = Number(call(1, locked, BigInt(keyAddr)));
  if (!p) {
    errors++;
    continue;
  }
  call(93, BigInt(p));
  const count = mem.dv.getUint32(p + 4, true);
  const sum = mem.dv.getBigUint64(p + 8, true);
  mem.dv.setUint32(p + 4, count + 1, true);
  mem.dv.setBigUint64(p + 8, sum + 2n, true);
  call(94, BigInt(p));

  // Hash churn on keys shared with the other worker.
  const key = (i * 7 + cpu) % 48;
  mem.dv.setUint32(keyAddr, key, true);
  mem.dv.setBigUint64(valAddr, (BigInt(key) << 32n) | BigInt(i), true);
  const r = call(2, churn, BigInt(keyAddr), BigInt(valAddr), 0n);
  if (r !== 0n && r !== -7n) errors++;
  const q = Number(call(1, churn, BigInt(keyAddr)));
  if (q && mem.dv.getBigUint64(q, true) >> 32n !== BigInt(key)) seenOld++; // recycled under us: allowed
  if (i % 5 === 0) {
    const d = call(3, churn, BigInt(keyAddr));
    if (d !== 0n && d !== -2n) errors++;
  }
}
parentPort?.postMessage({ errors, seenOld });
