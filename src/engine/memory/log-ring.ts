/**
 * The bpf_printk log ring in shared memory (layout.ts: LOG_SIZE bytes at `layout.log`): any
 * agent appends records `[u16 cpu][u16 len][text]` (4-aligned) under the ring's lock; the
 * machine drains them in order. A full ring drops new records and counts them, like a trace
 * buffer that nobody reads fast enough; it never blocks a CPU.
 */
import { align, H, LOG_SIZE } from './layout.ts';
import { lockAcquire, lockRelease } from './lock.ts';
import type { EngineMemory } from './memory.ts';

/** Appends a bpf_printk record to the shared ring; drops it (and counts) when the ring is full. */
export function logWrite(mem: EngineMemory, cpu: number, bytes: Uint8Array): void {
  const len = Math.min(bytes.length, 0xffff);
  const rec = align(4 + len, 4);
  const i32 = mem.i32;
  lockAcquire(i32, H.LOG_LOCK);
  try {
    const head = i32[H.LOG_HEAD];
    const tail = i32[H.LOG_TAIL];
    if (head - tail + rec > LOG_SIZE) {
      i32[H.LOG_DROPPED]++;
      return;
    }
    const base = mem.layout.log;
    const put = (pos: number, b: number) => {
      mem.u8[base + ((pos >>> 0) % LOG_SIZE)] = b;
    };
    put(head, cpu & 0xff);
    put(head + 1, cpu >> 8);
    put(head + 2, len & 0xff);
    put(head + 3, len >> 8);
    for (let k = 0; k < len; k++) put(head + 4 + k, bytes[k]);
    Atomics.store(i32, H.LOG_HEAD, (head + rec) | 0);
  } finally {
    lockRelease(i32, H.LOG_LOCK);
  }
}

/** Takes every record out of the log ring, oldest first, plus how many were dropped. */
export function logDrain(mem: EngineMemory): { records: { cpu: number; text: string }[]; dropped: number } {
  const i32 = mem.i32;
  const records: { cpu: number; text: string }[] = [];
  lockAcquire(i32, H.LOG_LOCK);
  try {
    let tail = i32[H.LOG_TAIL];
    const head = i32[H.LOG_HEAD];
    const base = mem.layout.log;
    const get = (pos: number) => mem.u8[base + ((pos >>> 0) % LOG_SIZE)];
    while (tail !== head) {
      const cpu = get(tail) | (get(tail + 1) << 8);
      const len = get(tail + 2) | (get(tail + 3) << 8);
      const bytes = new Uint8Array(len);
      for (let k = 0; k < len; k++) bytes[k] = get(tail + 4 + k);
      records.push({ cpu, text: new TextDecoder().decode(bytes) });
      tail = (tail + align(4 + len, 4)) | 0;
    }
    Atomics.store(i32, H.LOG_TAIL, tail);
    const dropped = i32[H.LOG_DROPPED];
    i32[H.LOG_DROPPED] = 0;
    return { records, dropped };
  } finally {
    lockRelease(i32, H.LOG_LOCK);
  }
}
