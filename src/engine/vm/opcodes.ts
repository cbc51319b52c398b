/**
 * eBPF opcode bit fields (RFC 9669 §3–5) as data, composed into the opcode bytes the
 * interpreter's dispatch switches on. Only numbers: no decoding logic lives here.
 */

// Instruction classes (low 3 bits).
export const LD = 0x00;
export const LDX = 0x01;
export const ST = 0x02;
export const STX = 0x03;
export const ALU = 0x04;
export const JMP = 0x05;
export const JMP32 = 0x06;
export const ALU64 = 0x07;

// Source bit for ALU/JMP.
export const K = 0x00;
export const X = 0x08;

// ALU operations (high 4 bits).
export const ADD = 0x00;
export const SUB = 0x10;
export const MUL = 0x20;
export const DIV = 0x30;
export const OR = 0x40;
export const AND = 0x50;
export const LSH = 0x60;
export const RSH = 0x70;
export const NEG = 0x80;
export const MOD = 0x90;
export const XOR = 0xa0;
export const MOV = 0xb0;
export const ARSH = 0xc0;
export const END = 0xd0;

// Jump operations (high 4 bits).
export const JA = 0x00;
export const JEQ = 0x10;
export const JGT = 0x20;
export const JGE = 0x30;
export const JSET = 0x40;
export const JNE = 0x50;
export const JSGT = 0x60;
export const JSGE = 0x70;
export const CALL = 0x80;
export const EXIT = 0x90;
export const JLT = 0xa0;
export const JLE = 0xb0;
export const JSLT = 0xc0;
export const JSLE = 0xd0;

// Memory access sizes and modes.
export const W = 0x00;
export const H = 0x08;
export const B = 0x10;
export const DW = 0x18;
export const IMM = 0x00;
export const MEM = 0x60;
export const MEMSX = 0x80;
export const ATOMIC = 0xc0;

/** Bytes moved by each size field value (indexed by `(code >> 3) & 3`). */
export const SIZE_BYTES = [4, 2, 1, 8] as const;

// BPF_ATOMIC operations, in the immediate.
export const FETCH = 0x01;
export const XCHG = 0xe0 | FETCH;
export const CMPXCHG = 0xf0 | FETCH;

/** lddw: the one 16-byte instruction. */
export const LDDW = LD | IMM | DW;

/** Pseudo sources of `call`. */
export const PSEUDO_CALL = 1;
export const PSEUDO_KFUNC_CALL = 2;

/** Pseudo sources of `lddw`. */
export const PSEUDO_MAP_FD = 1;
export const PSEUDO_MAP_VALUE = 2;

/** Kernel limits the interpreter enforces. */
export const STACK_SIZE = 512;
export const MAX_CALL_FRAMES = 8;
