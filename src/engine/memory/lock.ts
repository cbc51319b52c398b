/**
 * A 32-bit lock word in shared memory, used for bpf_spin_lock, hash bucket locks, the hash
 * free list and the allocator. The word is 0 (free), 1 (held) or 2 (held, someone may sleep on
 * it) — the classic futex mutex, so an uncontended unlock costs one atomic and no notify.
 *
 * Acquire spins with compare-exchange first (the holder is usually another core about to let
 * go), then sleeps with `Atomics.wait`, because simulated CPUs may outnumber real cores and a
 * spinning worker could starve the holder. Where `Atomics.wait` is not allowed (a browser's
 * main thread) it keeps spinning. `lockTry` never blocks: the deterministic scheduler uses it
 * and runs another CPU when it fails.
 *
 * The protocol every implementation sharing these words must follow (JS here, JIT-emitted
 * wasm atomics elsewhere), or sleepers are never woken:
 *   acquire: cmpxchg 0→1 succeeds → held. Otherwise, before sleeping, make the word 2
 *            (xchg 2; if it returned 0 the lock is now held), then wait while it is 2.
 *   release: xchg 0; if the old value was 2, notify (wake) one waiter.
 *
 * Not a reader-writer lock, not recursive, not fair.
 */

const SPINS = 200;

let canWait: boolean | undefined;

export function lockTry(i32: Int32Array, idx: number): boolean {
  return Atomics.compareExchange(i32, idx, 0, 1) === 0;
}

export function lockAcquire(i32: Int32Array, idx: number): void {
  let c = Atomics.compareExchange(i32, idx, 0, 1);
  if (c === 0) return;
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(i32, idx) === 0) {
      c = Atomics.compareExchange(i32, idx, 0, 1);
      if (c === 0) return;
    }
  }
  // Slow path: mark the lock contended (2) and sleep until the holder's unlock notifies us.
  if (c !== 2) c = Atomics.exchange(i32, idx, 2);
  while (c !== 0) {
    sleepWhile(i32, idx, 2);
    c = Atomics.exchange(i32, idx, 2);
  }
}

export function lockRelease(i32: Int32Array, idx: number): void {
  // 1 → 0: nobody sleeps. 2 → 0: wake one sleeper (it re-marks the lock contended).
  if (Atomics.exchange(i32, idx, 0) === 2) Atomics.notify(i32, idx, 1);
}

/** Whether the word is currently held (a racy snapshot, for display and tests). */
export function lockHeld(i32: Int32Array, idx: number): boolean {
  return Atomics.load(i32, idx) !== 0;
}

function sleepWhile(i32: Int32Array, idx: number, value: number): void {
  if (canWait !== false) {
    try {
      // Bounded sleep: a lost notify (never expected) costs at most a millisecond.
      Atomics.wait(i32, idx, value, 1);
      canWait = true;
      return;
    } catch {
      canWait = false; // main thread of a page: Atomics.wait throws; fall back to spinning
    }
  }
  for (let i = 0; i < SPINS && Atomics.load(i32, idx) === value; i++) {
    /* spin */
  }
}
