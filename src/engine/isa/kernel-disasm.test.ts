import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeKernel } from '../../testing/kernel.ts';
import { isLddwFiller } from './classify.ts';
import { encode, insn, lddw } from './codec.ts';
import { assemble } from './conformance-asm.ts';
import { HELPER_NAMES, helperId, helperName } from './helpers.ts';
import type { Insn } from './insn.ts';
import { disasmKernel, type KernelDisasmOptions, kernelInsnText, kernelLogLineWithState } from './kernel-disasm.ts';
import { OP } from './opcodes.ts';

const asm = (text: string) => {
  const r = assemble(text);
  expect(r.diagnostics).toEqual([]);
  return r.insns;
};

describe('helper table', () => {
  test('common helper ids', () => {
    expect(helperName(1)).toBe('bpf_map_lookup_elem');
    expect(helperName(2)).toBe('bpf_map_update_elem');
    expect(helperName(3)).toBe('bpf_map_delete_elem');
    expect(helperName(5)).toBe('bpf_ktime_get_ns');
    expect(helperName(6)).toBe('bpf_trace_printk');
    expect(helperName(7)).toBe('bpf_get_prandom_u32');
    expect(helperName(8)).toBe('bpf_get_smp_processor_id');
    expect(helperName(14)).toBe('bpf_get_current_pid_tgid');
    expect(helperName(93)).toBe('bpf_spin_lock');
    expect(helperName(94)).toBe('bpf_spin_unlock');
    expect(helperName(211)).toBe('bpf_cgrp_storage_delete');
    expect(helperName(212)).toBeUndefined();
    expect(HELPER_NAMES.size).toBe(212);
    expect(helperId('bpf_spin_lock')).toBe(93);
    expect(helperId('map_update_elem')).toBe(2);
    expect(helperId('nope')).toBeUndefined();
  });
});

describe('disasmKernel', () => {
  test('the formats of kernel/bpf/disasm.c', () => {
    const p = asm(`mov %r1, 0
stxw [%r10-4], %r1
call 1
jeq %r0, 0, +2
lock fetch add [%r1+0], %r2
lock cmpxchg32 [%r1-8], %r3
jgt32 %r1, -1, -3
ldxsb %r2, [%r1+0]
sdiv32 %r1, %r2
movsx1664 %r1, %r2
ldindh %r7, 2
call local +5
exit`);
    expect(p.map((i, pc) => disasmKernel(i, pc))).toEqual([
      '0: (b7) r1 = 0',
      '1: (63) *(u32 *)(r10 -4) = r1',
      '2: (85) call bpf_map_lookup_elem#1',
      '3: (15) if r0 == 0x0 goto pc+2',
      '4: (db) r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)',
      '5: (c3) r0 = atomic_cmpxchg((u32 *)(r1 -8), r0, r3)',
      '6: (26) if w1 > 0xffffffff goto pc-3',
      '7: (91) r2 = *(s8 *)(r1 +0)',
      '8: (3c) w1 s/= w2',
      '9: (bf) r1 = (s16)r2',
      '10: (48) r0 = *(u16 *)skb[r7 + 2]',
      '11: (85) call pc+5',
      '12: (95) exit',
    ]);
  });

  test('level-2 lines align the register state as the kernel does', () => {
    expect(kernelLogLineWithState('0: (bf) r6 = r1', 'R1=ctx()')).toBe(`0: (bf) r6 = r1${' '.repeat(23)}; R1=ctx()`);
    expect(kernelLogLineWithState('x'.repeat(36), 'S').indexOf(';')).toBe(46);
  });

  test('lddw: plain constants in hex, map references like bpftool, or a caller hook', () => {
    const [a] = lddw(1, 0xffffffffffffffffn);
    const [m] = lddw(1, 0n, 1);
    const [v] = lddw(2, (16n << 32n) | 3n, 2);
    expect(kernelInsnText(a!)).toBe('(18) r1 = 0xffffffffffffffff');
    expect(kernelInsnText(m!)).toBe('(18) r1 = map[id:0]');
    expect(kernelInsnText(v!)).toBe('(18) r2 = map[id:3][0]+16');
    expect(kernelInsnText(m!, { ldImm64: () => 'map[id:7]' })).toBe('(18) r1 = map[id:7]');
  });

  test('unknown helpers, kfuncs and malformed slots', () => {
    expect(kernelInsnText(insn(OP.CALL, 0, 0, 0, 9999))).toBe('(85) call unknown#9999');
    expect(kernelInsnText(insn(OP.CALL, 0, 2, 0, 77))).toBe('(85) call kernel-function#77');
    expect(kernelInsnText(insn(OP.CALL, 0, 2, 0, 77), { callName: () => 'bpf_obj_new_impl' })).toBe(
      '(85) call bpf_obj_new_impl#77',
    );
    expect(kernelInsnText(insn(OP.ATOMIC64, 1, 2, 0, 0x10))).toBe('BUG_db');
    expect(kernelInsnText(insn(0x60))).toBe('BUG_ld_60');
    expect(kernelInsnText(insn(0x39))).toBe('BUG_ldx_39');
  });
});

// Programs the real verifier accepts, together covering every opcode kind of the engine's ISA.
// `lddw %rN, 0x4d4150` is a placeholder for a map reference (src 1), patched below.
const PROGRAMS: { name: string; type: number; text: string }[] = [
  {
    name: 'socket filter: memory, atomics, ALU, jumps, packet loads, calls',
    type: 1,
    text: `mov %r6, %r1
call 7
mov %r7, %r0
call 7
mov %r8, %r0
stw [%r10-4], 0
sth [%r10-6], -1
stb [%r10-7], 3
stb [%r10-8], 0
stxdw [%r10-16], %r7
stxw [%r10-20], %r8
stxh [%r10-22], %r8
stxb [%r10-23], %r8
stb [%r10-24], 1
ldxdw %r1, [%r10-16]
ldxw %r2, [%r10-4]
ldxh %r3, [%r10-6]
ldxb %r4, [%r10-7]
ldxsw %r1, [%r10-20]
ldxsh %r2, [%r10-22]
ldxsb %r3, [%r10-23]
lddw %r1, 0x4d4150
mov %r2, %r10
add %r2, -4
call 1
jeq %r0, 0, skip
mov %r9, %r0
mov %r1, 1
lock add [%r9+0], %r1
lock add32 [%r9+8], %r1
lock or [%r9+0], %r1
lock or32 [%r9+8], %r1
lock and [%r9+0], %r1
lock and32 [%r9+8], %r1
lock xor [%r9+16], %r1
lock xor32 [%r9+8], %r1
lock fetch add [%r9+0], %r1
lock fetch add32 [%r9+8], %r1
lock fetch or [%r9+0], %r1
lock fetch or32 [%r9+8], %r1
lock fetch and [%r9+0], %r1
lock fetch and32 [%r9+8], %r1
lock fetch xor [%r9+0], %r1
lock fetch xor32 [%r9+8], %r1
lock xchg [%r9+0], %r1
lock xchg32 [%r9+8], %r1
mov %r0, 0
lock cmpxchg [%r9+0], %r1
mov32 %r0, 0
lock cmpxchg32 [%r9+8], %r1
skip:
lddw %r1, 0x123456789abcdef0
lddw %r2, -1
mov %r1, %r7
mov32 %r2, %r8
add %r1, 1
add32 %r2, -1
sub %r1, %r2
sub32 %r2, 7
mul %r1, %r2
mul32 %r2, 3
div %r1, 7
div32 %r2, %r1
mod %r1, 5
mod32 %r2, %r1
or %r1, 0x10
or32 %r2, %r1
and %r1, %r2
and32 %r2, 0xff
lsh %r1, 3
lsh32 %r2, %r1
rsh %r1, %r2
rsh32 %r2, 1
arsh %r1, 2
arsh32 %r2, %r1
xor %r1, -1
xor32 %r2, %r1
sdiv %r1, 3
sdiv32 %r2, %r1
smod %r1, %r2
smod32 %r2, 9
neg %r1
neg32 %r2
be16 %r1
be32 %r2
be64 %r1
le16 %r2
le32 %r2
le64 %r1
bswap16 %r1
bswap32 %r2
bswap64 %r1
mov %r3, 0x7fffffff
mov32 %r4, -2147483648
movsx864 %r3, %r1
movsx1664 %r3, %r1
movsx3264 %r5, %r1
movsx832 %r4, %r2
movsx1632 %r4, %r2
jeq %r7, 5, +0
jeq %r7, %r8, +0
jne %r7, %r8, +0
jgt %r7, 1, +0
jge %r7, %r8, +0
jlt %r7, 3, +0
jle %r7, %r8, +0
jset %r7, 4, +0
jsgt %r7, %r8, +0
jsge %r7, -2, +0
jslt %r7, -3, +0
jsle %r7, %r8, +0
jeq32 %r7, 5, +0
jne32 %r7, 6, +0
jgt32 %r7, -1, +0
jge32 %r7, %r8, +0
jlt32 %r7, %r8, +0
jle32 %r7, 0, +0
jset32 %r7, %r8, +0
jsgt32 %r7, 1, +0
jsge32 %r7, %r8, +0
jslt32 %r7, %r8, +0
jsle32 %r7, %r8, +0
ja +0
ja32 +0
call local f
ldabsb 0
ldabsh 2
ldabsw 4
ldindb %r7, 1
ldindh %r7, 2
ldindw %r7, 3
mov %r0, 0
exit
f:
mov %r0, 1
exit`,
  },
  {
    name: 'kprobe: helper calls',
    type: 2,
    text: `call 5
call 7
call 8
call 14
stdw [%r10-8], 0
stdw [%r10-72], 0
stdw [%r10-64], 0
stdw [%r10-56], 0
stdw [%r10-48], 0
stdw [%r10-40], 0
stdw [%r10-32], 0
stdw [%r10-24], 0
stdw [%r10-16], 0
lddw %r1, 0x4d4150
mov %r2, %r10
add %r2, -8
mov %r3, %r10
add %r3, -72
mov %r4, 0
call 2
lddw %r1, 0x4d4150
mov %r2, %r10
add %r2, -8
call 3
mov %r0, 0
exit`,
  },
];

/** Instruction lines of a verifier log: the level-2 listing and the per-step lines. */
function logInsnLines(log: string): { pc: number; text: string; line: string; state?: string }[] {
  const out: { pc: number; text: string; line: string; state?: string }[] = [];
  for (const line of log.split('\n')) {
    const m = /^\s*(\d+): (?:[.0-9]{10} )?(\([0-9a-f]{2}\) [^;]*?)\s*(?:; (.*))?$/.exec(line);
    if (m) out.push({ pc: Number(m[1]), text: m[2]!, line, state: m[3] });
  }
  return out;
}

describeKernel('disasmKernel against the running kernel verifier log', () => {
  let dir = '';
  let loader = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'isa-kernel-'));
    loader = join(dir, 'loader');
    const src = fileURLToPath(new URL('./testdata/kernel-log-loader.c', import.meta.url));
    execFileSync('cc', ['-O1', '-o', loader, src, '-lbpf']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const prog of PROGRAMS) {
    test(prog.name, () => {
      const insns: Insn[] = asm(prog.text);
      for (const i of insns) {
        if (i.imm64 === 0x4d4150n) Object.assign(i, { src: 1, imm: 0, imm64: 0n });
      }
      const file = join(dir, 'prog.bin');
      writeFileSync(file, encode(insns));
      const run = spawnSync(loader, [String(prog.type), file], { encoding: 'utf8' });
      expect(run.stderr, run.stdout.slice(-2000)).toBe('');
      expect(run.status).toBe(0);
      // The log shows a map's kernel address where we print the map; compare the rest.
      const opts: KernelDisasmOptions = { ldImm64: (i) => (i.src ? 'MAP' : undefined) };
      const lines = logInsnLines(run.stdout);
      const seen = new Set<number>();
      let withState = 0;
      for (const { pc, text, line, state } of lines) {
        const kernel = insns[pc]!.src && insns[pc]!.code === OP.LDDW ? text.replace(/0x[0-9a-f]+$/, 'MAP') : text;
        expect(kernelInsnText(insns[pc]!, opts), `insn ${pc}`).toBe(kernel);
        seen.add(pc);
        if (state !== undefined) {
          expect(kernelLogLineWithState(`${pc}: ${text}`, state)).toBe(line);
          withState++;
        }
      }
      expect(withState).toBeGreaterThan(10);
      // Every slot but lddw fillers was printed by the kernel and compared.
      const expected = insns.map((_, pc) => pc).filter((pc) => !isLddwFiller(insns, pc));
      expect([...seen].sort((a, b) => a - b)).toEqual(expected);
    });
  }
});
