/**
 * The eBPF interpreter: the reference semantics of ISA v4 (RFC 9669) for the course's engine.
 *
 * `execute(cpu, code, host, maxSteps)` runs up to `maxSteps` instructions of one CPU and
 * returns how many it executed, so the deterministic scheduler can stop after any instruction.
 * It never throws for anything a program does: faults (out-of-bounds access, invalid
 * instruction, call depth, instruction budget, helper errors) end the invocation with
 * `cpu.status = Faulted` and a `cpu.fault` value carrying the pc.
 *
 * Registers are pairs of 32-bit halves in an Int32Array (no BigInt on the hot path); the
 * program is pre-decoded into typed arrays (program.ts); dispatch is one switch on the opcode
 * byte. Memory is the engine's one shared WebAssembly.Memory; every access is bounds-checked
 * against the CPU's own stack or one of the regions the invocation may touch (ctx, packet,
 * map storage). Shared (non-stack) accesses are recorded in `cpu.acc*` for the trace.
 *
 * Atomics (BPF_ATOMIC) are plain read-modify-writes: atomic with respect to the simulated CPUs,
 * which one thread interleaves instruction by instruction, but not meant for several threads
 * running the interpreter on one memory at once (parallel mode runs JIT code with wasm atomics).
 *
 * Not here: helpers (the host's `callHelper`), scheduling, contexts (machine/).
 */
import { Access, type CpuState, FRAME_INTS, Status, type StatusCode } from './cpu.ts';
import { MAX_CALL_FRAMES, STACK_SIZE } from './opcodes.ts';
import type { Code } from './program.ts';
import { mul64, out, sdivmod32, sdivmod64, swap16, swap32, udivmod64 } from './wide.ts';

/** What the interpreter needs from the machine. */
export interface VmHost {
  memory: WebAssembly.Memory;
  /**
   * Runs helper `id` for `cpu` (arguments in r1..r5 as register halves, result to r0).
   * Returns 0 when done, 1 when it would block (spin lock held: retry the call later), or an
   * error message, which faults the invocation.
   */
  callHelper(id: number, cpu: CpuState): number | string;
}

export const HELPER_DONE = 0;
/** Offset of `data` (then `data_end`) in struct __sk_buff, for LD_ABS/LD_IND. */
const SKB_DATA = 76;
/** BPF_ATOMIC immediates: ADD/OR/AND/XOR with and without FETCH, XCHG, CMPXCHG. */
const VALID_ATOMIC = new Set([0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1]);
export const HELPER_BLOCKED = 1;

// Views over the memory's buffer. Reading `memory.buffer` of a shared memory is costly, so the
// views are made once per memory and remade only when an access that passed the region check
// lies beyond them (another agent grew the memory).
let viewMemory: WebAssembly.Memory | null = null;
let U8 = new Uint8Array(0);
let I8 = new Int8Array(0);
let U16 = new Uint16Array(0);
let I16 = new Int16Array(0);
let I32 = new Int32Array(0);
let DV = new DataView(new ArrayBuffer(0));

function remakeViews(memory: WebAssembly.Memory): void {
  const b = memory.buffer;
  viewMemory = memory;
  U8 = new Uint8Array(b);
  I8 = new Int8Array(b);
  U16 = new Uint16Array(b);
  I16 = new Int16Array(b);
  I32 = new Int32Array(b);
  DV = new DataView(b);
}

function views(memory: WebAssembly.Memory): void {
  if (memory !== viewMemory) remakeViews(memory);
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the interpreter needs a little-endian host');

// Result of the last load (halves).
let vLo = 0;
let vHi = 0;

/** -1: fault; 0: this CPU's stack; 1: another allowed region (shared memory, traced). */
function where(cpu: CpuState, a: number, size: number): number {
  if (a >= cpu.stackLo && a + size <= cpu.stackTop) return 0;
  const rg = cpu.regions;
  for (let i = 0; i < rg.length; i += 2) {
    if (a >= rg[i] && a + size <= rg[i + 1]) {
      if (a + size > U8.length && viewMemory) remakeViews(viewMemory);
      return a + size <= U8.length ? 1 : -1;
    }
  }
  return -1;
}

function rd(a: number, size: number, signed: boolean): void {
  switch (size) {
    case 1:
      vLo = signed ? I8[a] : U8[a];
      break;
    case 2:
      vLo =
        (a & 1) === 0 ? (signed ? I16[a >> 1] : U16[a >> 1]) : signed ? DV.getInt16(a, true) : DV.getUint16(a, true);
      break;
    case 4:
      vLo = (a & 3) === 0 ? I32[a >> 2] : DV.getInt32(a, true);
      vHi = signed ? vLo >> 31 : 0;
      return;
    default:
      if ((a & 3) === 0) {
        vLo = I32[a >> 2];
        vHi = I32[(a >> 2) + 1];
      } else {
        vLo = DV.getInt32(a, true);
        vHi = DV.getInt32(a + 4, true);
      }
      return;
  }
  vHi = signed ? vLo >> 31 : 0;
}

function wr(a: number, size: number, lo: number, hi: number): void {
  switch (size) {
    case 1:
      U8[a] = lo;
      break;
    case 2:
      if ((a & 1) === 0) U16[a >> 1] = lo;
      else DV.setUint16(a, lo & 0xffff, true);
      break;
    case 4:
      if ((a & 3) === 0) I32[a >> 2] = lo;
      else DV.setInt32(a, lo, true);
      break;
    default:
      if ((a & 3) === 0) {
        I32[a >> 2] = lo;
        I32[(a >> 2) + 1] = hi;
      } else {
        DV.setInt32(a, lo, true);
        DV.setInt32(a + 4, hi, true);
      }
  }
}

function record(cpu: CpuState, kind: number, a: number, size: number, lo: number, hi: number): void {
  cpu.accKind |= kind;
  cpu.accAddr = a;
  cpu.accSize = size;
  cpu.accLo = lo;
  cpu.accHi = hi;
}

function fault(cpu: CpuState, pc: number, code: string, message: string): void {
  cpu.pc = pc;
  cpu.status = Status.Faulted;
  cpu.fault = { code, message, pc };
}

function memFault(cpu: CpuState, pc: number, a: number, size: number, what: string): void {
  fault(cpu, pc, 'mem-fault', `invalid ${what} of ${size} bytes at address 0x${(a >>> 0).toString(16)}`);
}

function ugt(al: number, ah: number, bl: number, bh: number): boolean {
  return ah !== bh ? ah >>> 0 > bh >>> 0 : al >>> 0 > bl >>> 0;
}
function sgt(al: number, ah: number, bl: number, bh: number): boolean {
  return ah !== bh ? ah > bh : al >>> 0 > bl >>> 0;
}

/** Executes up to `maxSteps` instructions; returns how many ran. See the module header. */
export function execute(cpu: CpuState, prog: Code, host: VmHost, maxSteps: number): number {
  if (cpu.status === Status.Exited || cpu.status === Status.Faulted) return 0;
  cpu.status = Status.Ready;
  views(host.memory);
  const r = cpu.regs;
  const C = prog.code;
  const D = prog.dst;
  const S = prog.src;
  const O = prog.off;
  const I = prog.imm;
  const n = prog.n;
  let pc = cpu.pc;
  let limit = cpu.budget - cpu.insns;
  if (limit > maxSteps) limit = maxSteps;
  let steps = 0;
  let st: StatusCode = Status.Ready;
  loop: while (steps < limit) {
    if (pc >>> 0 >= n) {
      fault(cpu, pc, 'pc-out-of-range', `jump or fall-through to instruction ${pc}, outside the program (0..${n - 1})`);
      cpu.insns += steps;
      return steps;
    }
    const op = C[pc];
    const d = D[pc];
    const s = S[pc];
    steps++;
    switch (op) {
      // ---------------- ALU64 ----------------
      case 0x07: {
        const k = I[pc];
        const lo = (r[d] + k) | 0;
        r[d + 1] = (r[d + 1] + (k >> 31) + (lo >>> 0 < r[d] >>> 0 ? 1 : 0)) | 0;
        r[d] = lo;
        break;
      }
      case 0x0f: {
        const lo = (r[d] + r[s]) | 0;
        r[d + 1] = (r[d + 1] + r[s + 1] + (lo >>> 0 < r[d] >>> 0 ? 1 : 0)) | 0;
        r[d] = lo;
        break;
      }
      case 0x17: {
        const k = I[pc];
        const lo = (r[d] - k) | 0;
        r[d + 1] = (r[d + 1] - (k >> 31) - (r[d] >>> 0 < k >>> 0 ? 1 : 0)) | 0;
        r[d] = lo;
        break;
      }
      case 0x1f: {
        const lo = (r[d] - r[s]) | 0;
        r[d + 1] = (r[d + 1] - r[s + 1] - (r[d] >>> 0 < r[s] >>> 0 ? 1 : 0)) | 0;
        r[d] = lo;
        break;
      }
      case 0x27:
        mul64(r[d], r[d + 1], I[pc], I[pc] >> 31);
        r[d] = out[0];
        r[d + 1] = out[1];
        break;
      case 0x2f:
        mul64(r[d], r[d + 1], r[s], r[s + 1]);
        r[d] = out[0];
        r[d + 1] = out[1];
        break;
      case 0x37:
      case 0x3f:
      case 0x97:
      case 0x9f: {
        const isX = (op & 8) !== 0;
        const bl = isX ? r[s] : I[pc];
        const bh = isX ? r[s + 1] : I[pc] >> 31;
        const mod = op >= 0x90;
        if (bl === 0 && bh === 0) {
          // Division by zero: the quotient is 0, the remainder leaves dst unchanged (RFC 9669).
          if (!mod) r[d] = r[d + 1] = 0;
          break;
        }
        if (O[pc] === 1) sdivmod64(r[d], r[d + 1], bl, bh, mod);
        else udivmod64(r[d], r[d + 1], bl, bh, mod);
        r[d] = out[0];
        r[d + 1] = out[1];
        break;
      }
      case 0x47:
        r[d] |= I[pc];
        r[d + 1] |= I[pc] >> 31;
        break;
      case 0x4f:
        r[d] |= r[s];
        r[d + 1] |= r[s + 1];
        break;
      case 0x57:
        r[d] &= I[pc];
        r[d + 1] &= I[pc] >> 31;
        break;
      case 0x5f:
        r[d] &= r[s];
        r[d + 1] &= r[s + 1];
        break;
      case 0xa7:
        r[d] ^= I[pc];
        r[d + 1] ^= I[pc] >> 31;
        break;
      case 0xaf:
        r[d] ^= r[s];
        r[d + 1] ^= r[s + 1];
        break;
      case 0x67:
      case 0x6f: {
        const sh = (op === 0x67 ? I[pc] : r[s]) & 63;
        if (sh === 0) break;
        if (sh < 32) {
          r[d + 1] = (r[d + 1] << sh) | (r[d] >>> (32 - sh));
          r[d] <<= sh;
        } else {
          r[d + 1] = r[d] << (sh - 32);
          r[d] = 0;
        }
        break;
      }
      case 0x77:
      case 0x7f: {
        const sh = (op === 0x77 ? I[pc] : r[s]) & 63;
        if (sh === 0) break;
        if (sh < 32) {
          r[d] = (r[d] >>> sh) | (r[d + 1] << (32 - sh));
          r[d + 1] = r[d + 1] >>> sh;
        } else {
          r[d] = r[d + 1] >>> (sh - 32);
          r[d + 1] = 0;
        }
        break;
      }
      case 0xc7:
      case 0xcf: {
        const sh = (op === 0xc7 ? I[pc] : r[s]) & 63;
        if (sh === 0) break;
        if (sh < 32) {
          r[d] = (r[d] >>> sh) | (r[d + 1] << (32 - sh));
          r[d + 1] >>= sh;
        } else {
          r[d] = r[d + 1] >> (sh - 32);
          r[d + 1] >>= 31;
        }
        break;
      }
      case 0x87: {
        const lo = -r[d] | 0;
        r[d + 1] = (~r[d + 1] + (lo === 0 ? 1 : 0)) | 0;
        r[d] = lo;
        break;
      }
      case 0xb7:
        r[d] = I[pc];
        r[d + 1] = I[pc] >> 31;
        break;
      case 0xbf:
        switch (O[pc]) {
          case 0:
            r[d] = r[s];
            r[d + 1] = r[s + 1];
            break;
          case 8:
            r[d] = (r[s] << 24) >> 24;
            r[d + 1] = r[d] >> 31;
            break;
          case 16:
            r[d] = (r[s] << 16) >> 16;
            r[d + 1] = r[d] >> 31;
            break;
          case 32:
            r[d] = r[s];
            r[d + 1] = r[s] >> 31;
            break;
          default:
            fault(cpu, pc, 'invalid-insn', `movsx with offset ${O[pc]} (must be 8, 16 or 32)`);
            break loop;
        }
        break;
      case 0xd7: // bswap (ALU64 END): unconditional byte swap
      case 0xdc: // to big-endian (ALU END, source X): a swap on this little-endian machine
        if (I[pc] === 16) {
          r[d] = swap16(r[d]);
          r[d + 1] = 0;
        } else if (I[pc] === 32) {
          r[d] = swap32(r[d]);
          r[d + 1] = 0;
        } else if (I[pc] === 64) {
          const lo = r[d];
          r[d] = swap32(r[d + 1]);
          r[d + 1] = swap32(lo);
        } else {
          fault(cpu, pc, 'invalid-insn', `byte swap of width ${I[pc]} (must be 16, 32 or 64)`);
          break loop;
        }
        break;
      case 0xd4: // to little-endian: truncation only on this little-endian machine
        if (I[pc] === 16) {
          r[d] &= 0xffff;
          r[d + 1] = 0;
        } else if (I[pc] === 32) r[d + 1] = 0;
        else if (I[pc] !== 64) {
          fault(cpu, pc, 'invalid-insn', `byte swap of width ${I[pc]} (must be 16, 32 or 64)`);
          break loop;
        }
        break;

      // ---------------- ALU (32-bit, results zero-extended) ----------------
      case 0x04:
        r[d] = (r[d] + I[pc]) | 0;
        r[d + 1] = 0;
        break;
      case 0x0c:
        r[d] = (r[d] + r[s]) | 0;
        r[d + 1] = 0;
        break;
      case 0x14:
        r[d] = (r[d] - I[pc]) | 0;
        r[d + 1] = 0;
        break;
      case 0x1c:
        r[d] = (r[d] - r[s]) | 0;
        r[d + 1] = 0;
        break;
      case 0x24:
        r[d] = Math.imul(r[d], I[pc]);
        r[d + 1] = 0;
        break;
      case 0x2c:
        r[d] = Math.imul(r[d], r[s]);
        r[d + 1] = 0;
        break;
      case 0x34:
      case 0x3c:
      case 0x94:
      case 0x9c: {
        const b = op & 8 ? r[s] : I[pc];
        const mod = op >= 0x90;
        if (b === 0) {
          // Quotient 0; remainder keeps dst's low 32 bits and zeroes the upper half.
          if (!mod) r[d] = 0;
        } else if (O[pc] === 1) r[d] = sdivmod32(r[d], b, mod);
        else r[d] = mod ? (r[d] >>> 0) % (b >>> 0) : ((r[d] >>> 0) / (b >>> 0)) >>> 0;
        r[d + 1] = 0;
        break;
      }
      case 0x44:
        r[d] |= I[pc];
        r[d + 1] = 0;
        break;
      case 0x4c:
        r[d] |= r[s];
        r[d + 1] = 0;
        break;
      case 0x54:
        r[d] &= I[pc];
        r[d + 1] = 0;
        break;
      case 0x5c:
        r[d] &= r[s];
        r[d + 1] = 0;
        break;
      case 0xa4:
        r[d] ^= I[pc];
        r[d + 1] = 0;
        break;
      case 0xac:
        r[d] ^= r[s];
        r[d + 1] = 0;
        break;
      case 0x64:
        r[d] <<= I[pc] & 31;
        r[d + 1] = 0;
        break;
      case 0x6c:
        r[d] <<= r[s] & 31;
        r[d + 1] = 0;
        break;
      case 0x74:
        r[d] = r[d] >>> (I[pc] & 31);
        r[d + 1] = 0;
        break;
      case 0x7c:
        r[d] = r[d] >>> (r[s] & 31);
        r[d + 1] = 0;
        break;
      case 0xc4:
        r[d] >>= I[pc] & 31;
        r[d + 1] = 0;
        break;
      case 0xcc:
        r[d] >>= r[s] & 31;
        r[d + 1] = 0;
        break;
      case 0x84:
        r[d] = -r[d] | 0;
        r[d + 1] = 0;
        break;
      case 0xb4:
        r[d] = I[pc];
        r[d + 1] = 0;
        break;
      case 0xbc:
        if (O[pc] === 0) r[d] = r[s];
        else if (O[pc] === 8) r[d] = (r[s] << 24) >> 24;
        else if (O[pc] === 16) r[d] = (r[s] << 16) >> 16;
        else {
          fault(cpu, pc, 'invalid-insn', `movsx (32-bit) with offset ${O[pc]} (must be 8 or 16)`);
          break loop;
        }
        r[d + 1] = 0;
        break;

      // ---------------- JMP (64-bit compares) ----------------
      case 0x05:
        pc += O[pc];
        break;
      case 0x15:
        if (r[d] === I[pc] && r[d + 1] === I[pc] >> 31) pc += O[pc];
        break;
      case 0x1d:
        if (r[d] === r[s] && r[d + 1] === r[s + 1]) pc += O[pc];
        break;
      case 0x55:
        if (r[d] !== I[pc] || r[d + 1] !== I[pc] >> 31) pc += O[pc];
        break;
      case 0x5d:
        if (r[d] !== r[s] || r[d + 1] !== r[s + 1]) pc += O[pc];
        break;
      case 0x45:
        if ((r[d] & I[pc]) !== 0 || (r[d + 1] & (I[pc] >> 31)) !== 0) pc += O[pc];
        break;
      case 0x4d:
        if ((r[d] & r[s]) !== 0 || (r[d + 1] & r[s + 1]) !== 0) pc += O[pc];
        break;
      case 0x25:
        if (ugt(r[d], r[d + 1], I[pc], I[pc] >> 31)) pc += O[pc];
        break;
      case 0x2d:
        if (ugt(r[d], r[d + 1], r[s], r[s + 1])) pc += O[pc];
        break;
      case 0x35:
        if (!ugt(I[pc], I[pc] >> 31, r[d], r[d + 1])) pc += O[pc];
        break;
      case 0x3d:
        if (!ugt(r[s], r[s + 1], r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xa5:
        if (ugt(I[pc], I[pc] >> 31, r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xad:
        if (ugt(r[s], r[s + 1], r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xb5:
        if (!ugt(r[d], r[d + 1], I[pc], I[pc] >> 31)) pc += O[pc];
        break;
      case 0xbd:
        if (!ugt(r[d], r[d + 1], r[s], r[s + 1])) pc += O[pc];
        break;
      case 0x65:
        if (sgt(r[d], r[d + 1], I[pc], I[pc] >> 31)) pc += O[pc];
        break;
      case 0x6d:
        if (sgt(r[d], r[d + 1], r[s], r[s + 1])) pc += O[pc];
        break;
      case 0x75:
        if (!sgt(I[pc], I[pc] >> 31, r[d], r[d + 1])) pc += O[pc];
        break;
      case 0x7d:
        if (!sgt(r[s], r[s + 1], r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xc5:
        if (sgt(I[pc], I[pc] >> 31, r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xcd:
        if (sgt(r[s], r[s + 1], r[d], r[d + 1])) pc += O[pc];
        break;
      case 0xd5:
        if (!sgt(r[d], r[d + 1], I[pc], I[pc] >> 31)) pc += O[pc];
        break;
      case 0xdd:
        if (!sgt(r[d], r[d + 1], r[s], r[s + 1])) pc += O[pc];
        break;

      // ---------------- JMP32 (compare the low halves) ----------------
      case 0x06: // gotol: the offset is in the immediate
        pc += I[pc];
        break;
      case 0x16:
        if (r[d] === I[pc]) pc += O[pc];
        break;
      case 0x1e:
        if (r[d] === r[s]) pc += O[pc];
        break;
      case 0x56:
        if (r[d] !== I[pc]) pc += O[pc];
        break;
      case 0x5e:
        if (r[d] !== r[s]) pc += O[pc];
        break;
      case 0x46:
        if ((r[d] & I[pc]) !== 0) pc += O[pc];
        break;
      case 0x4e:
        if ((r[d] & r[s]) !== 0) pc += O[pc];
        break;
      case 0x26:
        if (r[d] >>> 0 > I[pc] >>> 0) pc += O[pc];
        break;
      case 0x2e:
        if (r[d] >>> 0 > r[s] >>> 0) pc += O[pc];
        break;
      case 0x36:
        if (r[d] >>> 0 >= I[pc] >>> 0) pc += O[pc];
        break;
      case 0x3e:
        if (r[d] >>> 0 >= r[s] >>> 0) pc += O[pc];
        break;
      case 0xa6:
        if (r[d] >>> 0 < I[pc] >>> 0) pc += O[pc];
        break;
      case 0xae:
        if (r[d] >>> 0 < r[s] >>> 0) pc += O[pc];
        break;
      case 0xb6:
        if (r[d] >>> 0 <= I[pc] >>> 0) pc += O[pc];
        break;
      case 0xbe:
        if (r[d] >>> 0 <= r[s] >>> 0) pc += O[pc];
        break;
      case 0x66:
        if (r[d] > I[pc]) pc += O[pc];
        break;
      case 0x6e:
        if (r[d] > r[s]) pc += O[pc];
        break;
      case 0x76:
        if (r[d] >= I[pc]) pc += O[pc];
        break;
      case 0x7e:
        if (r[d] >= r[s]) pc += O[pc];
        break;
      case 0xc6:
        if (r[d] < I[pc]) pc += O[pc];
        break;
      case 0xce:
        if (r[d] < r[s]) pc += O[pc];
        break;
      case 0xd6:
        if (r[d] <= I[pc]) pc += O[pc];
        break;
      case 0xde:
        if (r[d] <= r[s]) pc += O[pc];
        break;

      // ---------------- calls and exit ----------------
      case 0x85: {
        const kind = prog.srcRaw[pc];
        if (kind === 0) {
          cpu.pc = pc;
          // Helpers see the instruction count up to the call (the deterministic clock).
          cpu.insns += steps - 1;
          const res = host.callHelper(I[pc], cpu);
          cpu.insns -= steps - 1;
          if (res === HELPER_BLOCKED) {
            // The call did not happen: stay on it, and let the scheduler run another CPU.
            steps--;
            st = Status.Blocked;
            break loop;
          }
          if (res !== HELPER_DONE) {
            fault(cpu, pc, 'helper', String(res));
            break loop;
          }
          break;
        }
        if (kind !== 1) {
          fault(cpu, pc, 'invalid-insn', kind === 2 ? 'kfunc calls are not supported' : `call with source ${kind}`);
          break loop;
        }
        if (cpu.depth + 1 >= MAX_CALL_FRAMES) {
          fault(cpu, pc, 'call-depth', `BPF-to-BPF call depth exceeds ${MAX_CALL_FRAMES} frames`);
          break loop;
        }
        const f = cpu.frames;
        const base = cpu.depth * FRAME_INTS;
        f[base] = pc + 1;
        for (let i = 0; i < 8; i++) f[base + 1 + i] = r[12 + i];
        cpu.depth++;
        r[20] = cpu.stackTop - cpu.depth * STACK_SIZE;
        r[21] = 0;
        pc += I[pc] + 1;
        continue;
      }
      case 0x8d:
        fault(cpu, pc, 'invalid-insn', 'callx (call through a register) is not supported');
        break loop;
      case 0x95: {
        if (cpu.depth === 0) {
          st = Status.Exited;
          break loop;
        }
        cpu.depth--;
        const f = cpu.frames;
        const base = cpu.depth * FRAME_INTS;
        for (let i = 0; i < 8; i++) r[12 + i] = f[base + 1 + i];
        r[20] = cpu.stackTop - cpu.depth * STACK_SIZE;
        r[21] = 0;
        pc = f[base];
        continue;
      }

      // ---------------- lddw ----------------
      case 0x18:
        r[d] = I[pc];
        r[d + 1] = prog.immHi[pc];
        pc++;
        break;

      // ---------------- legacy packet loads (LD_ABS / LD_IND, socket filters) ----------------
      case 0x20:
      case 0x28:
      case 0x30:
      case 0x40:
      case 0x48:
      case 0x50: {
        // r6 is the __sk_buff; bytes come from its packet in network byte order into r0. Out
        // of bounds ends the whole program with r0 = 0, as the kernel's ld_abs does.
        const size = (op & 0x18) === 0 ? 4 : (op & 0x18) === 8 ? 2 : 1;
        const skb = r[12] >>> 0;
        if (r[13] !== 0 || where(cpu, skb + SKB_DATA, 8) !== 1) {
          memFault(cpu, pc, skb + SKB_DATA, 8, 'packet load through r6 (not a __sk_buff)');
          break loop;
        }
        const data = I32[(skb + SKB_DATA) >> 2] >>> 0;
        const end = I32[(skb + SKB_DATA + 4) >> 2] >>> 0;
        const off = op >= 0x40 ? (r[s] + I[pc]) | 0 : I[pc];
        const a = data + off;
        if (off < 0 || a + size > end || where(cpu, a, size) !== 1) {
          r[0] = r[1] = 0;
          cpu.depth = 0;
          st = Status.Exited;
          break loop;
        }
        r[0] = size === 4 ? DV.getInt32(a, false) : size === 2 ? DV.getUint16(a, false) : U8[a];
        r[1] = 0;
        break;
      }

      // ---------------- loads ----------------
      case 0x61:
      case 0x69:
      case 0x71:
      case 0x79:
      case 0x81:
      case 0x89:
      case 0x91: {
        const size = op === 0x79 ? 8 : op === 0x61 || op === 0x81 ? 4 : op === 0x69 || op === 0x89 ? 2 : 1;
        if (r[s + 1] !== 0) {
          memFault(cpu, pc, r[s] + O[pc], size, 'read');
          break loop;
        }
        const a = (r[s] >>> 0) + O[pc];
        const w = where(cpu, a, size);
        if (w < 0) {
          memFault(cpu, pc, a, size, 'read');
          break loop;
        }
        rd(a, size, op >= 0x80);
        r[d] = vLo;
        r[d + 1] = vHi;
        if (w === 1) record(cpu, Access.Read, a, size, vLo, vHi);
        break;
      }

      // ---------------- stores ----------------
      case 0x62:
      case 0x6a:
      case 0x72:
      case 0x7a:
      case 0x63:
      case 0x6b:
      case 0x73:
      case 0x7b: {
        const sz = (op >> 3) & 3;
        const size = sz === 3 ? 8 : sz === 0 ? 4 : sz === 1 ? 2 : 1;
        if (r[d + 1] !== 0) {
          memFault(cpu, pc, r[d] + O[pc], size, 'write');
          break loop;
        }
        const a = (r[d] >>> 0) + O[pc];
        const w = where(cpu, a, size);
        if (w < 0) {
          memFault(cpu, pc, a, size, 'write');
          break loop;
        }
        const isX = (op & 1) !== 0;
        const lo = isX ? r[s] : I[pc];
        const hi = isX ? r[s + 1] : I[pc] >> 31;
        wr(a, size, lo, hi);
        if (w === 1)
          record(
            cpu,
            Access.Write,
            a,
            size,
            size === 1 ? lo & 0xff : size === 2 ? lo & 0xffff : lo,
            size === 8 ? hi : 0,
          );
        break;
      }

      // ---------------- atomics ----------------
      case 0xc3:
      case 0xdb: {
        const size = op === 0xdb ? 8 : 4;
        const a = (r[d] >>> 0) + O[pc];
        const w = r[d + 1] !== 0 ? -1 : where(cpu, a, size);
        if (w < 0 || (a & (size - 1)) !== 0) {
          memFault(cpu, pc, a, size, w < 0 ? 'atomic access' : 'misaligned atomic access');
          break loop;
        }
        const aop = I[pc];
        if (!VALID_ATOMIC.has(aop)) {
          fault(cpu, pc, 'invalid-insn', `atomic operation 0x${(aop >>> 0).toString(16)}`);
          break loop;
        }
        rd(a, size, false);
        const oldLo = vLo;
        const oldHi = vHi;
        let nl = r[s];
        let nh = size === 8 ? r[s + 1] : 0;
        let write = true;
        switch (aop & ~1) {
          case 0x00: {
            const lo = (oldLo + nl) | 0;
            nh = (oldHi + nh + (lo >>> 0 < oldLo >>> 0 ? 1 : 0)) | 0;
            nl = lo;
            break;
          }
          case 0x40:
            nl |= oldLo;
            nh |= oldHi;
            break;
          case 0x50:
            nl &= oldLo;
            nh &= oldHi;
            break;
          case 0xa0:
            nl ^= oldLo;
            nh ^= oldHi;
            break;
          case 0xf0:
            // CMPXCHG: compare with r0 (its low half for 32-bit); the old value always lands
            // in r0, zero-extended for the 32-bit form; the new value comes from src.
            write = size === 8 ? r[0] === oldLo && r[1] === oldHi : r[0] === oldLo;
            break;
          // 0xe0 (XCHG): the new value is src as loaded above.
        }
        if (size === 4) nh = 0;
        if (write) wr(a, size, nl, nh);
        if (aop === 0xf1) {
          r[0] = oldLo;
          r[1] = oldHi;
        } else if ((aop & 1) !== 0) {
          r[s] = oldLo;
          r[s + 1] = oldHi;
        }
        if (w === 1) {
          record(cpu, Access.Read, a, size, oldLo, oldHi);
          if (write) record(cpu, Access.Write, a, size, nl, nh);
        }
        break;
      }

      default: {
        const why = prog.invalid.get(pc);
        fault(cpu, pc, 'invalid-insn', why ?? `invalid opcode 0x${op.toString(16).padStart(2, '0')}`);
        break loop;
      }
    }
    pc++;
  }
  cpu.insns += steps;
  if (cpu.fault) return steps;
  cpu.pc = pc;
  cpu.status = st;
  if (st === Status.Ready && cpu.insns >= cpu.budget) {
    fault(cpu, pc, 'insn-budget', `instruction budget of ${cpu.budget} per invocation exhausted`);
  }
  return steps;
}
