/**
 * The kernel-style verifier log. Level 1 keeps only the path that is being checked (the log
 * rewinds when the walk backtracks to a pending branch, as the kernel's does), so a rejection
 * shows the path that failed; level 2 keeps everything and prints states at branch points.
 * Lines: `; <source> @ file:line`, `pc: (code) text ; R1=...`, `from A to B: <state>`, and the
 * `processed N insns ...` trailer.
 */
import { kernelInsnText } from '../isa/index.ts';
import type { Insn } from '../isa/insn.ts';
import type { BpfProgram, ProgramObject, SourceLoc } from '../object.ts';
import { formatFrame, formatReg, type VState } from './state.ts';

/** Lines kept at most (level 2 on a 1M-instruction walk would otherwise grow without bound). */
const MAX_LINES = 200_000;

export class VerifierLog {
  lines: string[] = [];
  private lastLine = -1;
  constructor(
    readonly level: 0 | 1 | 2,
    private readonly obj: ProgramObject,
    private readonly prog: BpfProgram,
    private readonly lineText: (loc: SourceLoc) => string | undefined,
  ) {}

  get on(): boolean {
    return this.level > 0;
  }

  mark(): number {
    return this.lines.length;
  }

  /** Level 1 forgets the abandoned path. */
  rewind(mark: number): void {
    if (this.level === 1) this.lines.length = mark;
    this.lastLine = -1;
  }

  push(line: string): void {
    if (this.level === 0) return;
    this.lines.push(line);
    // Like the kernel's rotating log buffer: a huge log keeps its tail (where the error is).
    if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES / 2);
  }

  state(prefix: string, st: VState): void {
    if (!this.on) return;
    const frames = st.frames.map((f, i) => (st.frames.length > 1 ? `frame${i}: ` : '') + formatFrame(f));
    this.push(`${prefix}${frames.join(' ')}`);
  }

  insn(pc: number, insn: Insn): void {
    if (!this.on) return;
    const loc = this.prog.lines[pc];
    if (loc && loc.line !== this.lastLine) {
      this.lastLine = loc.line;
      const text = this.lineText(loc)?.trim() ?? '';
      this.push(`; ${text} @ ${loc.file.replace(/^.*\//, '')}:${loc.line}`);
    }
    const text = `${pc}: ${kernelInsnText(insn, {
      ldImm64: (i) => (i.src === 1 || i.src === 2 ? `map[${this.obj.maps[i.imm]?.name ?? i.imm}]` : undefined),
    })}`;
    this.push(text);
  }

  /** Append the written register's new value to the instruction's line, as level 1 does. */
  after(insn: Insn, st: VState): void {
    if (!this.on || !this.lines.length) return;
    const f = st.frames[st.frames.length - 1];
    const cls = insn.code & 7;
    const dst = cls === 4 || cls === 7 || cls === 1 || insn.code === 0x18 ? insn.dst : insn.code === 0x85 ? 0 : -1;
    if (dst < 0 || f.regs[dst].type === 'not_init') return;
    const last = this.lines.length - 1;
    this.lines[last] = `${this.lines[last].padEnd(37)} ; R${dst}=${formatReg(f.regs[dst])}`;
  }

  text(): string {
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }
}
