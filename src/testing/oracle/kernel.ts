/**
 * Ask this machine's kernel: load every program of a clang-built object and report the
 * verifier's verdict and log, or run one program with BPF_PROG_TEST_RUN and dump its maps.
 * Runs the oracle binary (see oracle.c/build.ts) synchronously; each call opens, loads and
 * closes the object, so nothing stays loaded afterwards.
 */
import { execFileSync } from 'node:child_process';
import { oracleBinary } from './build.ts';

export interface KernelProgramVerdict {
  /** C function name. */
  name: string;
  /** SEC("...") string. */
  section: string;
  accepted: boolean;
  /** errno of the failed load (EACCES for verifier rejections, EINVAL for many others); 0 if accepted. */
  errno: number;
  /** The verifier log for this program at the requested level. */
  log: string;
  /** The rejection message: the last non-empty log line before the trailer ("processed N insns ..."),
   * or libbpf's last message if the kernel wrote no log; "" when accepted. */
  error: string;
  /** libbpf's own messages (warnings and errors) for this load. */
  libbpf: string;
  /** Final instructions as libbpf handed them to the kernel (map fds embedded), hex. */
  insns: string;
}

export interface KernelRunResult {
  retval: number;
  /** Average ns per repetition, as BPF_PROG_TEST_RUN reports it. */
  duration: number;
  /** Every map by name (.bss/.data/.rodata under their section names): entries as hex bytes. */
  maps: Record<string, { key: string; value: string }[]>;
}

/** Lines the kernel appends after the message (statistics; the states of an infinite loop). */
const TRAILER = /^(processed \d+ insns|verification time|stack depth|max_states_per_insn|cur state:|old state:)/;

/** The message of a failed load: the last non-empty line that is not part of the trailer. */
export function errorLine(log: string): string {
  const lines = log.split('\n').filter((l) => l.trim() !== '' && !TRAILER.test(l));
  return lines.length ? lines[lines.length - 1] : '';
}

function oracle(args: string[]): unknown {
  let out: string;
  try {
    out = execFileSync(oracleBinary(), args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    const text = err.stdout?.toString() ?? '';
    try {
      const parsed = JSON.parse(text) as { error?: string };
      throw new Error(`oracle ${args[0]}: ${parsed.error ?? text}`);
    } catch (inner) {
      if (inner instanceof SyntaxError) throw new Error(`oracle ${args[0]} failed: ${err.message} ${err.stderr ?? ''}`);
      throw inner;
    }
  }
  return JSON.parse(out);
}

/**
 * Load each program of `objPath` on its own (others get autoload=false) with a verifier log at
 * `logLevel` (1: the failing path only — the kernel rewinds the log on success; 2: every state).
 */
export function kernelLoad(objPath: string, opts: { logLevel?: 1 | 2 } = {}): KernelProgramVerdict[] {
  const res = oracle(['load', objPath, String(opts.logLevel ?? 1)]) as {
    programs: Omit<KernelProgramVerdict, 'error'>[];
  };
  return res.programs.map((p) => {
    const fromLog = p.accepted ? '' : errorLine(p.log);
    const fromLibbpf = p.accepted ? '' : errorLine(p.libbpf.replace(/^libbpf: /gm, ''));
    return { ...p, error: fromLog || fromLibbpf };
  });
}

/**
 * Load program `prog` of `objPath`, run it once with BPF_PROG_TEST_RUN (XDP, TC, socket filter:
 * programs that take a packet; default packet: 64 zero bytes) `repeat` times, dump all maps.
 * Throws if the program does not load or the kernel refuses the test run.
 */
export function kernelRun(
  objPath: string,
  opts: { prog: string; packet?: Uint8Array; repeat?: number },
): KernelRunResult {
  const packet = opts.packet ?? new Uint8Array(64);
  const hex = Buffer.from(packet).toString('hex');
  return oracle(['run', objPath, opts.prog, hex, String(opts.repeat ?? 1)]) as KernelRunResult;
}
