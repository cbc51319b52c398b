/**
 * State comparison for pruning and loop detection. `covers(old, cur)`: every behaviour of `cur`
 * is one `old` already proved safe (ranges contain, slot types at least as general, ids map
 * one-to-one). `sameState(old, cur)`: exactly the same abstract state — reaching it again on the
 * same path means the program can loop forever ("infinite loop detected").
 */
import { covers as coversBounds, equalBounds } from './scalar.ts';
import { type Frame, type Reg, Slot, type VState } from './state.ts';

class IdMap {
  private fwd = new Map<number, number>();
  private back = new Map<number, number>();
  ok(a: number, b: number): boolean {
    if (a === 0 && b === 0) return true;
    if (a === 0 || b === 0) return false;
    const f = this.fwd.get(a);
    const r = this.back.get(b);
    if (f === undefined && r === undefined) {
      this.fwd.set(a, b);
      this.back.set(b, a);
      return true;
    }
    return f === b && r === a;
  }
}

function regCovers(o: Reg, c: Reg, ids: IdMap, exact: boolean): boolean {
  if (o.type === 'not_init') return exact ? c.type === 'not_init' : true;
  if (o.type !== c.type) return false;
  const b = exact ? equalBounds(o.b, c.b) : coversBounds(o.b, c.b);
  if (!b) return false;
  if (o.type === 'scalar') return o.id === 0 && !exact ? true : ids.ok(o.id, c.id);
  if (o.off !== c.off || o.map !== c.map || o.frame !== c.frame) return false;
  if (o.type === 'pkt' || o.type === 'pkt_meta') {
    if (exact ? o.range !== c.range : o.range > c.range) return false;
  }
  return ids.ok(o.id, c.id);
}

/** What is still read from a point on, per frame (liveness.ts); everything when absent. */
export interface FrameLive {
  regs: number;
  stack: bigint;
  /** Live values that can matter for safety (precision.ts); the others compare by type only. */
  preciseRegs: number;
  preciseStack: bigint;
}

/** A live scalar that cannot matter: any scalar will do. */
const loose = (o: Reg, c: Reg) => o.type === 'scalar' && c.type === 'scalar';

const slotLive = (live: FrameLive | undefined, byte: number) =>
  !live || ((live.stack >> BigInt((511 - byte) >> 3)) & 1n) === 1n;

function frameCovers(o: Frame, c: Frame, ids: IdMap, exact: boolean, live?: FrameLive): boolean {
  if (o.callsite !== c.callsite) return false;
  for (let i = 0; i < 11; i++) {
    if (live && !exact && !((live.regs >> i) & 1)) continue;
    if (live && !exact && !((live.preciseRegs >> i) & 1) && loose(o.regs[i], c.regs[i])) continue;
    if (!regCovers(o.regs[i], c.regs[i], ids, exact)) return false;
  }
  // Bytes below both frames' deepest access were never touched: INVALID in both.
  const from = o.stack.length - Math.max(o.depth, c.depth);
  for (let i = Math.max(0, from); i < o.stack.length; i++) {
    const os = o.stack[i];
    const cs = c.stack[i];
    if (!exact && !slotLive(live, i)) continue;
    if (exact) {
      if (os !== cs) return false;
      continue;
    }
    if (os === Slot.INVALID) continue;
    if (os === Slot.MISC) {
      if (cs === Slot.SPILL && c.spills[i >> 3]?.type !== 'scalar') return false;
      continue;
    }
    if (os === Slot.ZERO) {
      if (cs !== Slot.ZERO) return false;
      continue;
    }
    if (cs !== Slot.SPILL) return false;
  }
  for (let s = Math.max(0, from) >> 3; s < o.spills.length; s++) {
    const os = o.spills[s];
    if (!exact && !slotLive(live, s * 8)) continue;
    if (!os) {
      if (exact && c.spills[s]) return false;
      continue;
    }
    const cs = c.spills[s];
    if (!cs) return false;
    const precise = !live || exact || ((live.preciseStack >> BigInt(63 - s)) & 1n) === 1n;
    if (!precise && loose(os, cs)) continue;
    if (!regCovers(os, cs, ids, exact)) return false;
  }
  return true;
}

function compare(o: VState, c: VState, exact: boolean, live?: FrameLive[]): boolean {
  if (o.frames.length !== c.frames.length) return false;
  const ids = new IdMap();
  if (!!o.lock !== !!c.lock) return false;
  if (o.lock && c.lock && (o.lock.map !== c.lock.map || !ids.ok(o.lock.id, c.lock.id))) return false;
  for (let i = 0; i < o.frames.length; i++)
    if (!frameCovers(o.frames[i], c.frames[i], ids, exact, live?.[i])) return false;
  return true;
}

export const covers = (o: VState, c: VState, live?: FrameLive[]): boolean => compare(o, c, false, live);

const TYPE_CODE: Record<string, number> = {
  not_init: 1,
  scalar: 2,
  ctx: 3,
  fp: 4,
  map_ptr: 5,
  map_value: 6,
  map_value_or_null: 7,
  pkt: 8,
  pkt_meta: 9,
  pkt_end: 10,
};

/**
 * A cheap summary that equal states share (register types, offsets, constant values): states
 * with different fingerprints are not the same, which spares most exact comparisons in loops.
 */
export function fingerprint(st: VState): number {
  let h = st.frames.length * 7 + (st.lock ? 1 : 0);
  for (const f of st.frames) {
    for (const r of f.regs) {
      h = (Math.imul(h, 31) + TYPE_CODE[r.type] * 1000 + r.off) | 0;
      if (r.b.t.mask === 0n) h = (Math.imul(h, 31) + Number(r.b.t.value & 0xffffffn)) | 0;
    }
  }
  return h;
}
export const sameState = (o: VState, c: VState): boolean => compare(o, c, true);
