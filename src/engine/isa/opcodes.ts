/**
 * eBPF opcode bytes as data, composed from the encoding's bit fields (RFC 9669 §3, the kernel's
 * include/uapi/linux/bpf.h): `code = op | source | class` for ALU/JMP classes and
 * `code = mode | size | class` for load/store classes. Named opcodes below are built from
 * those fields, never written as magic numbers, and `OPCODES` lists every opcode byte the
 * engine knows (ISA v4), so "is this a valid opcode?" is a table lookup.
 *
 * This module is only the table; classification helpers live in classify.ts, byte coding in
 * codec.ts.
 */

// Instruction classes (low 3 bits).
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_JMP32 = 0x06;
export const BPF_ALU64 = 0x07;

// Load/store: size (bits 3-4) and mode (bits 5-7).
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;
export const BPF_DW = 0x18;
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_MEMSX = 0x80;
export const BPF_ATOMIC = 0xc0;

// ALU/JMP: source (bit 3) and operation (bits 4-7).
export const BPF_K = 0x00;
export const BPF_X = 0x08;
/** BPF_END's source bit selects the byte order instead of an operand. */
export const BPF_TO_LE = 0x00;
export const BPF_TO_BE = 0x08;

export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;
export const BPF_MOV = 0xb0;
export const BPF_ARSH = 0xc0;
export const BPF_END = 0xd0;

export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_JNE = 0x50;
export const BPF_JSGT = 0x60;
export const BPF_JSGE = 0x70;
export const BPF_CALL = 0x80;
export const BPF_EXIT = 0x90;
export const BPF_JLT = 0xa0;
export const BPF_JLE = 0xb0;
export const BPF_JSLT = 0xc0;
export const BPF_JSLE = 0xd0;

// BPF_ATOMIC operations, carried in `imm`.
export const BPF_FETCH = 0x01;
export const BPF_XCHG = 0xe0 | BPF_FETCH;
export const BPF_CMPXCHG = 0xf0 | BPF_FETCH;

// Pseudo source registers of `lddw` and `call` (kernel names).
export const BPF_PSEUDO_MAP_FD = 1;
export const BPF_PSEUDO_MAP_VALUE = 2;
export const BPF_PSEUDO_BTF_ID = 3;
export const BPF_PSEUDO_FUNC = 4;
export const BPF_PSEUDO_MAP_IDX = 5;
export const BPF_PSEUDO_MAP_IDX_VALUE = 6;
export const BPF_PSEUDO_CALL = 1;
export const BPF_PSEUDO_KFUNC_CALL = 2;

// Field extractors.
export const opClass = (code: number): number => code & 0x07;
export const opSize = (code: number): number => code & 0x18;
export const opMode = (code: number): number => code & 0xe0;
export const opSource = (code: number): number => code & 0x08;
export const opOp = (code: number): number => code & 0xf0;

/** Named opcodes (rbpf style): every one is a composition of the fields above. */
export const OP = {
  LDDW: BPF_LD | BPF_IMM | BPF_DW,
  LDABSW: BPF_LD | BPF_ABS | BPF_W,
  LDABSH: BPF_LD | BPF_ABS | BPF_H,
  LDABSB: BPF_LD | BPF_ABS | BPF_B,
  LDINDW: BPF_LD | BPF_IND | BPF_W,
  LDINDH: BPF_LD | BPF_IND | BPF_H,
  LDINDB: BPF_LD | BPF_IND | BPF_B,

  LDXW: BPF_LDX | BPF_MEM | BPF_W,
  LDXH: BPF_LDX | BPF_MEM | BPF_H,
  LDXB: BPF_LDX | BPF_MEM | BPF_B,
  LDXDW: BPF_LDX | BPF_MEM | BPF_DW,
  LDXSW: BPF_LDX | BPF_MEMSX | BPF_W,
  LDXSH: BPF_LDX | BPF_MEMSX | BPF_H,
  LDXSB: BPF_LDX | BPF_MEMSX | BPF_B,

  STW: BPF_ST | BPF_MEM | BPF_W,
  STH: BPF_ST | BPF_MEM | BPF_H,
  STB: BPF_ST | BPF_MEM | BPF_B,
  STDW: BPF_ST | BPF_MEM | BPF_DW,
  STXW: BPF_STX | BPF_MEM | BPF_W,
  STXH: BPF_STX | BPF_MEM | BPF_H,
  STXB: BPF_STX | BPF_MEM | BPF_B,
  STXDW: BPF_STX | BPF_MEM | BPF_DW,
  ATOMIC32: BPF_STX | BPF_ATOMIC | BPF_W,
  ATOMIC64: BPF_STX | BPF_ATOMIC | BPF_DW,

  ADD32_IMM: BPF_ALU | BPF_K | BPF_ADD,
  ADD32_REG: BPF_ALU | BPF_X | BPF_ADD,
  SUB32_IMM: BPF_ALU | BPF_K | BPF_SUB,
  SUB32_REG: BPF_ALU | BPF_X | BPF_SUB,
  MUL32_IMM: BPF_ALU | BPF_K | BPF_MUL,
  MUL32_REG: BPF_ALU | BPF_X | BPF_MUL,
  DIV32_IMM: BPF_ALU | BPF_K | BPF_DIV,
  DIV32_REG: BPF_ALU | BPF_X | BPF_DIV,
  OR32_IMM: BPF_ALU | BPF_K | BPF_OR,
  OR32_REG: BPF_ALU | BPF_X | BPF_OR,
  AND32_IMM: BPF_ALU | BPF_K | BPF_AND,
  AND32_REG: BPF_ALU | BPF_X | BPF_AND,
  LSH32_IMM: BPF_ALU | BPF_K | BPF_LSH,
  LSH32_REG: BPF_ALU | BPF_X | BPF_LSH,
  RSH32_IMM: BPF_ALU | BPF_K | BPF_RSH,
  RSH32_REG: BPF_ALU | BPF_X | BPF_RSH,
  NEG32: BPF_ALU | BPF_K | BPF_NEG,
  MOD32_IMM: BPF_ALU | BPF_K | BPF_MOD,
  MOD32_REG: BPF_ALU | BPF_X | BPF_MOD,
  XOR32_IMM: BPF_ALU | BPF_K | BPF_XOR,
  XOR32_REG: BPF_ALU | BPF_X | BPF_XOR,
  MOV32_IMM: BPF_ALU | BPF_K | BPF_MOV,
  MOV32_REG: BPF_ALU | BPF_X | BPF_MOV,
  ARSH32_IMM: BPF_ALU | BPF_K | BPF_ARSH,
  ARSH32_REG: BPF_ALU | BPF_X | BPF_ARSH,
  LE: BPF_ALU | BPF_TO_LE | BPF_END,
  BE: BPF_ALU | BPF_TO_BE | BPF_END,

  ADD64_IMM: BPF_ALU64 | BPF_K | BPF_ADD,
  ADD64_REG: BPF_ALU64 | BPF_X | BPF_ADD,
  SUB64_IMM: BPF_ALU64 | BPF_K | BPF_SUB,
  SUB64_REG: BPF_ALU64 | BPF_X | BPF_SUB,
  MUL64_IMM: BPF_ALU64 | BPF_K | BPF_MUL,
  MUL64_REG: BPF_ALU64 | BPF_X | BPF_MUL,
  DIV64_IMM: BPF_ALU64 | BPF_K | BPF_DIV,
  DIV64_REG: BPF_ALU64 | BPF_X | BPF_DIV,
  OR64_IMM: BPF_ALU64 | BPF_K | BPF_OR,
  OR64_REG: BPF_ALU64 | BPF_X | BPF_OR,
  AND64_IMM: BPF_ALU64 | BPF_K | BPF_AND,
  AND64_REG: BPF_ALU64 | BPF_X | BPF_AND,
  LSH64_IMM: BPF_ALU64 | BPF_K | BPF_LSH,
  LSH64_REG: BPF_ALU64 | BPF_X | BPF_LSH,
  RSH64_IMM: BPF_ALU64 | BPF_K | BPF_RSH,
  RSH64_REG: BPF_ALU64 | BPF_X | BPF_RSH,
  NEG64: BPF_ALU64 | BPF_K | BPF_NEG,
  MOD64_IMM: BPF_ALU64 | BPF_K | BPF_MOD,
  MOD64_REG: BPF_ALU64 | BPF_X | BPF_MOD,
  XOR64_IMM: BPF_ALU64 | BPF_K | BPF_XOR,
  XOR64_REG: BPF_ALU64 | BPF_X | BPF_XOR,
  MOV64_IMM: BPF_ALU64 | BPF_K | BPF_MOV,
  MOV64_REG: BPF_ALU64 | BPF_X | BPF_MOV,
  ARSH64_IMM: BPF_ALU64 | BPF_K | BPF_ARSH,
  ARSH64_REG: BPF_ALU64 | BPF_X | BPF_ARSH,
  /** Unconditional byte swap (v4 `bswap16/32/64`). */
  BSWAP: BPF_ALU64 | BPF_TO_LE | BPF_END,

  JA: BPF_JMP | BPF_K | BPF_JA,
  /** `gotol` / `ja32`: target in `imm`, not `off`. */
  JA32: BPF_JMP32 | BPF_K | BPF_JA,
  CALL: BPF_JMP | BPF_K | BPF_CALL,
  /** Call through a register (`callx`); not accepted by the kernel, kept for conformance tests. */
  CALLX: BPF_JMP | BPF_X | BPF_CALL,
  EXIT: BPF_JMP | BPF_K | BPF_EXIT,
} as const;

/** What an opcode byte is, coarsely; enough to route every stage's dispatch. */
export type OpcodeKind =
  | 'alu'
  | 'end'
  | 'lddw'
  | 'ldabs'
  | 'ldind'
  | 'ldx'
  | 'ldxsx'
  | 'st'
  | 'stx'
  | 'atomic'
  | 'ja'
  | 'jcond'
  | 'call'
  | 'callx'
  | 'exit';

export interface OpcodeInfo {
  code: number;
  kind: OpcodeKind;
  /** ALU/ALU64/JMP32 operate on 32-bit (`false`) or 64-bit (`true`) values. */
  wide: boolean;
}

/** ALU operations by name (the name is also the conformance mnemonic stem). */
export const ALU_OPS: readonly (readonly [string, number])[] = [
  ['add', BPF_ADD],
  ['sub', BPF_SUB],
  ['mul', BPF_MUL],
  ['div', BPF_DIV],
  ['or', BPF_OR],
  ['and', BPF_AND],
  ['lsh', BPF_LSH],
  ['rsh', BPF_RSH],
  ['neg', BPF_NEG],
  ['mod', BPF_MOD],
  ['xor', BPF_XOR],
  ['mov', BPF_MOV],
  ['arsh', BPF_ARSH],
];

/** Conditional jump operations by name (conformance mnemonic stem). */
export const JMP_OPS: readonly (readonly [string, number])[] = [
  ['jeq', BPF_JEQ],
  ['jgt', BPF_JGT],
  ['jge', BPF_JGE],
  ['jset', BPF_JSET],
  ['jne', BPF_JNE],
  ['jsgt', BPF_JSGT],
  ['jsge', BPF_JSGE],
  ['jlt', BPF_JLT],
  ['jle', BPF_JLE],
  ['jslt', BPF_JSLT],
  ['jsle', BPF_JSLE],
];

/** Memory access sizes: field value, bytes, conformance suffix. */
export const SIZES: readonly (readonly [number, 1 | 2 | 4 | 8, string])[] = [
  [BPF_B, 1, 'b'],
  [BPF_H, 2, 'h'],
  [BPF_W, 4, 'w'],
  [BPF_DW, 8, 'dw'],
];

/** Atomic operations (the `imm` of a BPF_ATOMIC instruction) by conformance name. */
export const ATOMIC_OPS: readonly (readonly [string, number])[] = [
  ['add', BPF_ADD],
  ['or', BPF_OR],
  ['and', BPF_AND],
  ['xor', BPF_XOR],
  ['fetch add', BPF_ADD | BPF_FETCH],
  ['fetch or', BPF_OR | BPF_FETCH],
  ['fetch and', BPF_AND | BPF_FETCH],
  ['fetch xor', BPF_XOR | BPF_FETCH],
  ['xchg', BPF_XCHG],
  ['cmpxchg', BPF_CMPXCHG],
];

function buildOpcodes(): Map<number, OpcodeInfo> {
  const t = new Map<number, OpcodeInfo>();
  const add = (code: number, kind: OpcodeKind, wide: boolean) => t.set(code, { code, kind, wide });
  for (const [cls, wide] of [
    [BPF_ALU, false],
    [BPF_ALU64, true],
  ] as const) {
    for (const [, op] of ALU_OPS) {
      add(cls | BPF_K | op, 'alu', wide);
      if (op !== BPF_NEG) add(cls | BPF_X | op, 'alu', wide);
    }
  }
  add(OP.LE, 'end', false);
  add(OP.BE, 'end', false);
  add(OP.BSWAP, 'end', true);
  for (const [cls, wide] of [
    [BPF_JMP, true],
    [BPF_JMP32, false],
  ] as const) {
    for (const [, op] of JMP_OPS) {
      add(cls | BPF_K | op, 'jcond', wide);
      add(cls | BPF_X | op, 'jcond', wide);
    }
  }
  add(OP.JA, 'ja', true);
  add(OP.JA32, 'ja', false);
  add(OP.CALL, 'call', true);
  add(OP.CALLX, 'callx', true);
  add(OP.EXIT, 'exit', true);
  add(OP.LDDW, 'lddw', true);
  for (const [size, bytes] of SIZES) {
    add(BPF_LDX | BPF_MEM | size, 'ldx', true);
    add(BPF_ST | BPF_MEM | size, 'st', true);
    add(BPF_STX | BPF_MEM | size, 'stx', true);
    if (bytes < 8) {
      add(BPF_LDX | BPF_MEMSX | size, 'ldxsx', true);
      add(BPF_LD | BPF_ABS | size, 'ldabs', true);
      add(BPF_LD | BPF_IND | size, 'ldind', true);
    }
  }
  add(OP.ATOMIC32, 'atomic', false);
  add(OP.ATOMIC64, 'atomic', true);
  return t;
}

/** Every opcode byte of ISA v4 (plus legacy packet loads and `callx`), keyed by the byte. */
export const OPCODES: ReadonlyMap<number, OpcodeInfo> = buildOpcodes();
