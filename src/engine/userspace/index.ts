/**
 * The libbpf-like API a lab's userspace script gets (DESIGN §2.4). Every call is async: the
 * machine decides when it happens. Before each map operation the API awaits `hooks.gate()`;
 * the deterministic machine resolves it when its scheduler picks userspace, so each userspace
 * map operation is one scheduling point (parallel mode: no gate, operations race for real).
 *
 * - `bpf.map(name)` → UserMap: `lookup` (null when the key is absent; per-CPU maps give one
 *   value per CPU; an outer map gives the inner map's id, `lookupMap` the map), `update` and `delete` (0 or a negative
 *   errno, like libbpf), `nextKey`, `keys()` (a get_next_key walk), `entries()`, byte-level
 *   variants, BPF_F_LOCK through `flags`.
 * - Map-in-map: `outer.createInner()` makes an empty map from the outer map's template;
 *   `outer.update(key, inner)` swaps it in with one atomic store. Like the kernel (syscall.c,
 *   maybe_wait_bpf_programs), a successful update or delete of an outer map then waits until
 *   every BPF invocation that was running has finished (`hooks.synchronize`), so the old inner
 *   map is quiet when the call returns. `syncAfterSwap: false` skips that wait, to show what
 *   a straggler would do otherwise.
 * - `bpf.sleep(ms)`; `bpf.cpusRunning()` (whether the CPUs still run events; undefined where the host cannot tell).
 * Values are bigint-exact (`Value` of results.ts); inputs may be numbers, bigints, objects by
 * field name, lists, or raw Uint8Array bytes.
 */

import { isMapInMap, isPercpu } from '../maps/descriptor.ts';
import {
  EDEADLK,
  EINVAL,
  ENOENT,
  ENOMEM,
  ERRNO_NAMES,
  MAP_TYPE_NAMES,
  type MapInfo,
  type MapRef,
  type MapSet,
  WOULD_BLOCK,
} from '../maps/index.ts';
import type { Value } from '../results.ts';

export { BPF_ANY, BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST } from '../maps/index.ts';

export interface UserspaceHooks {
  /** Awaited before every map operation (the deterministic machine's scheduling point). */
  gate?: () => Promise<void>;
  /** Resolves once every BPF invocation running at the time of the call has returned. */
  synchronize?: () => Promise<void>;
  /** Sleep for `ms` (the deterministic machine may use virtual time). */
  sleep?: (ms: number) => Promise<void>;
  /** Whether map locks may block (true in parallel mode; false under the deterministic scheduler). */
  blocking?: boolean;
  /** Wait for running programs after an outer-map update/delete, as the kernel does (default true). */
  syncAfterSwap?: boolean;
  /** Scheduling points an operation may wait for a lock before giving up (default 10 million). */
  maxRetries?: number;
  /** Whether the CPUs are still running their events (both machines tell; absent: unknown). */
  cpusRunning?: () => boolean;
}

/** A map error other than "no such key", with the kernel's errno. */
export class MapError extends Error {
  readonly errno: number;
  constructor(op: string, map: string, err: number) {
    super(`${op} on map "${map}" failed: ${ERRNO_NAMES[-err] ?? 'error'} (${err})`);
    this.errno = -err;
    this.name = 'MapError';
  }
}

type Key = Value | Uint8Array;

export class UserMap {
  readonly info: MapInfo;
  private readonly bpf: Userspace;

  constructor(bpf: Userspace, info: MapInfo) {
    this.bpf = bpf;
    this.info = info;
  }

  get name(): string {
    return this.info.name;
  }
  get id(): number {
    return this.info.id;
  }
  get type(): string {
    return MAP_TYPE_NAMES[this.info.def.type];
  }
  get keySize(): number {
    return this.info.def.keySize;
  }
  get valueSize(): number {
    return this.info.def.valueSize;
  }
  get maxEntries(): number {
    return this.info.def.maxEntries;
  }
  get percpu(): boolean {
    return isPercpu(this.info.def.type);
  }

  /** The value under `key` (per-CPU: one per CPU; outer map: the inner UserMap), or null. */
  async lookup(key: Key, flags = 0): Promise<Value | null> {
    const r = await this.bpf.run(() => {
      const res = this.bpf.maps.lookupValue(this.info, key, flags, this.bpf.blocking);
      return res.err === WOULD_BLOCK ? WOULD_BLOCK : res;
    });
    if (r.err === -ENOENT) return null;
    if (r.err) throw new MapError('lookup', this.name, r.err);
    return r.value;
  }

  /** Outer maps: the inner map in slot `key`, or null. */
  async lookupMap(key: Key): Promise<UserMap | null> {
    const id = await this.lookup(key);
    if (id === null) return null;
    const info = this.bpf.maps.byId(Number(id));
    return info ? new UserMap(this.bpf, info) : null;
  }

  /** 0 or a negative errno (-EEXIST, -ENOENT, -E2BIG, -EINVAL…), like bpf_map_update_elem. */
  async update(key: Key, value: Value | Uint8Array | UserMap, flags = 0): Promise<number> {
    const v = value instanceof UserMap ? value.info : value;
    const err = await this.bpf.run(() => this.bpf.maps.updateValue(this.info, key, v, flags, this.bpf.blocking));
    if (!err) await this.afterSwap();
    return err;
  }

  async delete(key: Key): Promise<number> {
    const err = await this.bpf.run(() => this.bpf.maps.deleteValue(this.info, key, this.bpf.blocking));
    if (!err) await this.afterSwap();
    return err;
  }

  /** The key after `key` (null: the first key); null at the end. */
  async nextKey(key: Key | null): Promise<Value | null> {
    const r = await this.bpf.run(() => this.bpf.maps.nextKeyValue(this.info, key));
    if (r.err === -ENOENT) return null;
    if (r.err) throw new MapError('get_next_key', this.name, r.err);
    return r.value;
  }

  /** Walks the keys with get_next_key, one scheduling point per step (like a libbpf loop). */
  async *keys(): AsyncGenerator<Value> {
    let k: Value | null = null;
    for (let n = 0; n <= this.maxEntries * 2 + 1; n++) {
      k = await this.nextKey(k);
      if (k === null) return;
      yield k;
    }
  }

  /** Every entry, read one lookup at a time (not a snapshot: the map may change meanwhile). */
  async entries(flags = 0): Promise<{ key: Value; value: Value }[]> {
    const out: { key: Value; value: Value }[] = [];
    for await (const key of this.keys()) {
      const value = await this.lookup(key, flags);
      if (value !== null) out.push({ key, value });
    }
    return out;
  }

  async lookupBytes(key: Uint8Array, flags = 0): Promise<Uint8Array | null> {
    const r = await this.bpf.run(() => {
      const res = this.bpf.maps.lookupBytes(this.info, key, flags, this.bpf.blocking);
      return res.err === WOULD_BLOCK ? WOULD_BLOCK : res;
    });
    if (r.err === -ENOENT) return null;
    if (r.err) throw new MapError('lookup', this.name, r.err);
    return r.value;
  }

  async updateBytes(key: Uint8Array, value: Uint8Array, flags = 0): Promise<number> {
    const err = await this.bpf.run(() => this.bpf.maps.updateBytes(this.info, key, value, flags, this.bpf.blocking));
    if (!err) await this.afterSwap();
    return err;
  }

  /** Outer maps: a new, empty inner map made from this map's template. */
  async createInner(): Promise<UserMap> {
    const info = await this.bpf.run(() => {
      try {
        return this.bpf.maps.createInner(this.info);
      } catch (e) {
        // The engine memory is full (or this is no outer map): what bpf(BPF_MAP_CREATE) reports.
        const code = (e as { code?: string }).code;
        throw new MapError('create inner map for', this.name, code === 'no-memory' ? -ENOMEM : -EINVAL);
      }
    });
    return new UserMap(this.bpf, info);
  }

  private async afterSwap(): Promise<void> {
    if (isMapInMap(this.info.def.type) && this.bpf.hooks.syncAfterSwap !== false) await this.bpf.synchronize();
  }
}

export class Userspace {
  readonly maps: MapSet;
  readonly hooks: UserspaceHooks;
  readonly blocking: boolean;
  private readonly handles = new Map<string, UserMap>();

  constructor(maps: MapSet, hooks: UserspaceHooks = {}) {
    this.maps = maps;
    this.hooks = hooks;
    this.blocking = hooks.blocking ?? true;
  }

  get cpus(): number {
    return this.maps.cpus;
  }

  /** The map declared in the program under `name` (or by index). */
  map(ref: MapRef): UserMap {
    const info = this.maps.get(ref);
    let h = this.handles.get(info.name);
    if (!h) {
      h = new UserMap(this, info);
      this.handles.set(info.name, h);
    }
    return h;
  }

  async sleep(ms: number): Promise<void> {
    if (this.hooks.sleep) return this.hooks.sleep(ms);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * Whether the CPUs are still running their events: parallel mode says, so a harvester can
   * stop right after they finish; undefined where the machine does not say (deterministic).
   */
  cpusRunning(): boolean | undefined {
    return this.hooks.cpusRunning?.();
  }

  /** Waits until every BPF invocation running now has finished. */
  async synchronize(): Promise<void> {
    if (this.hooks.synchronize) await this.hooks.synchronize();
  }

  /**
   * Runs one map operation at a scheduling point. An operation that met a lock held by a
   * descheduled CPU (non-blocking mode) had no effect; it is retried at the next point.
   */
  async run<T>(op: () => T | typeof WOULD_BLOCK): Promise<T> {
    const max = this.hooks.maxRetries ?? 10_000_000;
    for (let tries = 0; tries <= max; tries++) {
      if (this.hooks.gate) await this.hooks.gate();
      else if (tries) await new Promise((resolve) => setTimeout(resolve, 0));
      const r = op();
      if (r !== WOULD_BLOCK) return r as T;
    }
    // A lock that is never released (its holder faulted mid-critical-section): report, not hang.
    throw new MapError('lock wait', 'a map value', -EDEADLK);
  }
}

/** The userspace API over a MapSet (one per userspace script). */
export function createUserspace(maps: MapSet, hooks: UserspaceHooks = {}): Userspace {
  return new Userspace(maps, hooks);
}
