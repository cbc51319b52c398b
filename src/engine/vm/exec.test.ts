/** Jumps, memory, atomics, calls and faults of the interpreter, on the bare machine. */
import { describe, expect, test } from 'vitest';
import { insn, lddw } from '../isa/codec.ts';
import type { Insn } from '../isa/insn.ts';
import { getReg, Status, setReg } from './cpu.ts';
import { HELPER_BLOCKED, HELPER_DONE } from './interpreter.ts';
import { BARE_DATA, runBare } from './testing.ts';

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const EXIT = insn(0x95);

/** r0 = 1 if `if a OP b` (jump form `code`, b in r2 or imm) is taken, else 0. */
function taken(code: number, a: bigint, b: bigint, imm: boolean): bigint {
  return runBare([
    ...lddw(1, a),
    ...lddw(2, b),
    insn(0xb7, 0, 0, 0, 1),
    imm ? insn(code, 1, 0, 1, Number(BigInt.asIntN(32, b))) : insn(code | 8, 1, 2, 1, 0),
    insn(0xb7, 0, 0, 0, 0),
    EXIT,
  ]).r0;
}

describe('jumps', () => {
  const cases: [string, number, (a: bigint, b: bigint) => boolean, boolean][] = [
    ['jeq', 0x10, (a, b) => a === b, false],
    ['jgt', 0x20, (a, b) => a > b, false],
    ['jge', 0x30, (a, b) => a >= b, false],
    ['jset', 0x40, (a, b) => (a & b) !== 0n, false],
    ['jne', 0x50, (a, b) => a !== b, false],
    ['jsgt', 0x60, (a, b) => a > b, true],
    ['jsge', 0x70, (a, b) => a >= b, true],
    ['jlt', 0xa0, (a, b) => a < b, false],
    ['jle', 0xb0, (a, b) => a <= b, false],
    ['jslt', 0xc0, (a, b) => a < b, true],
    ['jsle', 0xd0, (a, b) => a <= b, true],
  ];
  const vals = [0n, 1n, 2n, u64(-1n), u64(-2n), 0x80000000n, 0x7fffffffn, 0x100000000n, 1n << 63n, 0xffffffff00000001n];
  for (const [name, op, pred, signed] of cases) {
    test(name, () => {
      for (const a of vals) {
        for (const b of vals) {
          for (const imm of [false, true]) {
            const bb = imm ? u64(BigInt.asIntN(32, b)) : b;
            const conv64 = (v: bigint) => (signed ? BigInt.asIntN(64, v) : v);
            const conv32 = (v: bigint) => (signed ? BigInt.asIntN(32, v) : BigInt.asUintN(32, v));
            expect(taken(op | 0x05, a, bb, imm), `${name} ${a} ${bb}`).toBe(pred(conv64(a), conv64(bb)) ? 1n : 0n);
            expect(taken(op | 0x06, a, bb, imm), `${name}32 ${a} ${bb}`).toBe(pred(conv32(a), conv32(bb)) ? 1n : 0n);
          }
        }
      }
    });
  }
  test('ja and ja32 (gotol, offset in imm)', () => {
    expect(runBare([insn(0xb7, 0, 0, 0, 1), insn(0x05, 0, 0, 1), insn(0xb7, 0, 0, 0, 2), EXIT]).r0).toBe(1n);
    expect(runBare([insn(0xb7, 0, 0, 0, 1), insn(0x06, 0, 0, 0, 1), insn(0xb7, 0, 0, 0, 2), EXIT]).r0).toBe(1n);
  });
  test('falling off the end faults with the pc', () => {
    const res = runBare([insn(0xb7, 0, 0, 0, 1)]);
    expect(res.cpu.status).toBe(Status.Faulted);
    expect(res.cpu.fault).toMatchObject({ code: 'pc-out-of-range', pc: 1 });
  });
});

describe('memory', () => {
  const data = () => Uint8Array.from([0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0, 0, 0, 0, 0, 0, 0, 0]);
  test('loads, zero- and sign-extending', () => {
    const ld = (code: number, off: number) => runBare([insn(code, 0, 1, off), EXIT], data()).r0;
    expect(ld(0x71, 0)).toBe(0x81n);
    expect(ld(0x69, 1)).toBe(0x8382n);
    expect(ld(0x61, 1)).toBe(0x85848382n);
    expect(ld(0x79, 0)).toBe(0x8887868584838281n);
    expect(ld(0x91, 0)).toBe(u64(-0x7fn));
    expect(ld(0x89, 0)).toBe(u64(BigInt.asIntN(16, 0x8281n)));
    expect(ld(0x81, 0)).toBe(u64(BigInt.asIntN(32, 0x84838281n)));
  });
  test('stores of every size, from registers and immediates', () => {
    const res = runBare(
      [
        ...lddw(2, 0x1122334455667788n),
        insn(0x7b, 1, 2, 8),
        insn(0x73, 1, 2, 0),
        insn(0x6b, 1, 2, 2),
        insn(0x62, 1, 0, 4, -2),
        EXIT,
      ],
      data(),
    );
    expect([...res.data]).toEqual([
      0x88, 0x82, 0x88, 0x77, 0xfe, 0xff, 0xff, 0xff, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
    ]);
    const st = runBare([insn(0x7a, 1, 0, 0, -3), insn(0x79, 0, 1, 0), EXIT], data());
    expect(st.r0).toBe(u64(-3n));
  });
  test('stack round trip through r10', () => {
    expect(runBare([insn(0x7a, 10, 0, -8, 42), insn(0x79, 0, 10, -8), EXIT]).r0).toBe(42n);
  });
  test('out-of-bounds accesses fault with address and pc, never throw', () => {
    for (const prog of [
      [insn(0x61, 0, 1, 16), EXIT], // past the buffer
      [insn(0x61, 0, 1, -4), EXIT], // before it
      [insn(0x7a, 10, 0, 0, 1), EXIT], // above the stack
      [insn(0xb7, 1, 0, 0, 0), insn(0x79, 0, 1, 0), EXIT], // NULL
      [...lddw(1, 0x1_0000_2000n), insn(0x79, 0, 1, 0), EXIT], // high half set
      [insn(0xdb, 1, 0, 1, 0), EXIT], // misaligned atomic
    ]) {
      const res = runBare(prog, data());
      expect(res.cpu.status).toBe(Status.Faulted);
      expect(res.cpu.fault?.code).toBe('mem-fault');
      expect(res.cpu.fault?.pc).toBe(prog.length - 2);
    }
  });
  test('shared (non-stack) accesses are recorded for the trace', () => {
    const res = runBare([insn(0x7a, 10, 0, -8, 5), insn(0x62, 1, 0, 4, 9), EXIT], data());
    expect(res.cpu.accKind).toBe(2);
    expect(res.cpu.accAddr).toBe(BARE_DATA + 4);
    expect(res.cpu.accLo).toBe(9);
  });
});

describe('atomics', () => {
  const mem = (v: bigint) => {
    const b = new Uint8Array(16);
    new DataView(b.buffer).setBigUint64(0, v, true);
    return b;
  };
  const at = (code: number, op: number, init: bigint, src: bigint, r0 = 0n) => {
    const res = runBare([...lddw(2, src), ...lddw(0, r0), insn(code, 1, 2, 0, op), insn(0xbf, 3, 2), EXIT], mem(init));
    return {
      mem: new DataView(res.data.buffer, res.data.byteOffset).getBigUint64(0, true),
      r0: getReg(res.cpu, 0),
      src: getReg(res.cpu, 2),
    };
  };
  const init = 0xf0f0f0f0_0000000fn;
  test('64-bit add/or/and/xor, with and without fetch', () => {
    expect(at(0xdb, 0x00, init, 1n)).toMatchObject({ mem: init + 1n, src: 1n });
    expect(at(0xdb, 0x01, init, 1n)).toMatchObject({ mem: init + 1n, src: init });
    expect(at(0xdb, 0x01, u64(-1n), 1n)).toMatchObject({ mem: 0n, src: u64(-1n) });
    expect(at(0xdb, 0x41, init, 0x30n)).toMatchObject({ mem: init | 0x30n, src: init });
    expect(at(0xdb, 0x51, init, 0xffn)).toMatchObject({ mem: 0xfn, src: init });
    expect(at(0xdb, 0xa1, init, u64(-1n))).toMatchObject({ mem: u64(~init), src: init });
    expect(at(0xdb, 0xe1, init, 7n)).toMatchObject({ mem: 7n, src: init });
  });
  test('32-bit forms touch 4 bytes and zero-extend the fetched value', () => {
    const v = 0x11111111_ffffffffn;
    expect(at(0xc3, 0x01, v, 1n)).toMatchObject({ mem: 0x11111111_00000000n, src: 0xffffffffn });
    expect(at(0xc3, 0xe1, v, 0x1_0000_0002n)).toMatchObject({ mem: 0x11111111_00000002n, src: 0xffffffffn });
  });
  test('cmpxchg compares with r0 and always loads the old value into r0', () => {
    expect(at(0xdb, 0xf1, 5n, 9n, 5n)).toMatchObject({ mem: 9n, r0: 5n, src: 9n });
    expect(at(0xdb, 0xf1, 5n, 9n, 6n)).toMatchObject({ mem: 5n, r0: 5n, src: 9n });
    // 32-bit: only the low halves are compared; r0 gets the old 32-bit value zero-extended.
    expect(at(0xc3, 0xf1, 0xaaaa_0000_8000_0005n, 9n, 0xffff_ffff_8000_0005n)).toMatchObject({
      mem: 0xaaaa_0000_0000_0009n,
      r0: 0x8000_0005n,
    });
  });
  test('invalid atomic operations fault', () => {
    expect(runBare([insn(0xdb, 10, 0, -8, 0xe0), EXIT]).cpu.fault?.code).toBe('invalid-insn');
    expect(runBare([insn(0xdb, 10, 0, -8, 0x10), EXIT]).cpu.fault?.code).toBe('invalid-insn');
  });
});

describe('calls', () => {
  test('BPF-to-BPF: args in r1-r5, r6-r9 preserved, a new stack frame per call', () => {
    const prog: Insn[] = [
      insn(0xb7, 6, 0, 0, 6), // 0
      insn(0x7a, 10, 0, -8, 77), // 1
      insn(0xb7, 1, 0, 0, 40), // 2
      insn(0x85, 0, 1, 0, 4), // 3: call 8
      insn(0x79, 1, 10, -8), // 4
      insn(0x0f, 0, 1), // 5
      insn(0x0f, 0, 6), // 6
      EXIT, // 7
      insn(0x7a, 10, 0, -8, 1000), // 8
      insn(0xb7, 6, 0, 0, 99), // 9
      insn(0xbf, 0, 1), // 10
      insn(0x04, 0, 0, 0, 2), // 11
      EXIT, // 12
    ];
    expect(runBare(prog).r0).toBe(42n + 77n + 6n);
  });
  test('call depth is limited to 8 frames', () => {
    const rec = [insn(0x85, 0, 1, 0, -1), EXIT];
    const res = runBare(rec);
    expect(res.cpu.fault?.code).toBe('call-depth');
  });
  test('helpers get the cpu, may block (pc stays on the call) and may fault', () => {
    let calls = 0;
    const prog = [insn(0xb7, 1, 0, 0, 20), insn(0x85, 0, 0, 0, 7), insn(0x07, 0, 0, 0, 1), EXIT];
    const res = runBare(prog, undefined, {
      helper: (id, cpu) => {
        calls++;
        if (calls === 1) return HELPER_BLOCKED;
        setReg(cpu, 0, getReg(cpu, 1) + BigInt(id));
        return HELPER_DONE;
      },
    });
    expect(res.r0).toBe(28n);
    expect(calls).toBe(2);
    const bad = runBare(prog, undefined, { helper: () => 'no such helper' });
    expect(bad.cpu.fault).toMatchObject({ code: 'helper', pc: 1, message: 'no such helper' });
  });
  test('the instruction budget stops an endless loop', () => {
    const res = runBare([insn(0x05, 0, 0, -1)], undefined, { budget: 1000 });
    expect(res.cpu.fault?.code).toBe('insn-budget');
    expect(res.steps).toBe(1000);
  });
  test('invalid opcodes and registers fault instead of throwing', () => {
    expect(runBare([insn(0xff), EXIT]).cpu.fault?.code).toBe('invalid-insn');
    expect(runBare([insn(0xb7, 11, 0, 0, 1), EXIT]).cpu.fault?.code).toBe('invalid-insn');
    expect(runBare([insn(0x8d, 0, 2), EXIT]).cpu.fault?.message).toMatch(/callx/);
  });
});

describe('legacy packet loads (LD_ABS / LD_IND)', () => {
  // A fake __sk_buff in the data buffer: data/data_end at 76/80 point at 8 packet bytes at 84.
  const skb = () => {
    const b = new Uint8Array(92);
    const dv = new DataView(b.buffer);
    dv.setUint32(76, BARE_DATA + 84, true);
    dv.setUint32(80, BARE_DATA + 92, true);
    b.set([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0], 84);
    return b;
  };
  test('big-endian words, halves and bytes at fixed and register offsets', () => {
    const prog = [
      insn(0xbf, 6, 1),
      insn(0x20, 0, 0, 0, 0), // r0 = ntohl(pkt[0..4])
      insn(0xbf, 7, 0),
      insn(0x28, 0, 0, 0, 4), // r0 = ntohs(pkt[4..6])
      insn(0x0f, 7, 0),
      insn(0xb7, 1, 0, 0, 2),
      insn(0x50, 0, 1, 0, 4), // r0 = pkt[r1 + 4]
      insn(0x0f, 0, 7),
      EXIT,
    ];
    expect(runBare(prog, skb()).r0).toBe(0x12345678n + 0x9abcn + 0xden);
  });
  test('out of the packet: the program ends with r0 = 0', () => {
    const res = runBare(
      [insn(0xbf, 6, 1), insn(0xb7, 0, 0, 0, 7), insn(0x20, 0, 0, 0, 6), insn(0xb7, 0, 0, 0, 9), EXIT],
      skb(),
    );
    expect(res.cpu.status).toBe(Status.Exited);
    expect(res.r0).toBe(0n);
  });
});
