/**
 * Ask this machine's kernel: load every program of a clang-built object and report the
 * verifier's verdict and log, or run one program with BPF_PROG_TEST_RUN and dump its maps.
 * Runs the oracle binary (see oracle.c/build.ts) synchronously; each call opens, loads and
 * closes the object, so nothing stays loaded afterwards.
 */
import { execFileSync } from 'node:child_process';
import type { BpfProgram, ProgramObject, ProgType } from '../../engine/object.ts';
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

const PROG_TYPE: Record<ProgType, number> = {
  socket_filter: 1,
  kprobe: 2,
  sched_cls: 3,
  sched_act: 4,
  tracepoint: 5,
  xdp: 6,
  perf_event: 7,
  cgroup_skb: 8,
  raw_tracepoint: 17,
  tracing: 26,
  lsm: 29,
};

/** expected_attach_type for the sections that need one (tp_btf, fentry/fexit, cgroup egress). */
function attachType(p: BpfProgram): number {
  if (p.type === 'cgroup_skb') return p.attachTo === 'egress' ? 1 : 0;
  if (p.type === 'tracing') return p.section.startsWith('fentry/') ? 24 : p.section.startsWith('fexit/') ? 25 : 23;
  if (p.type === 'lsm') return 27;
  return 0;
}

/**
 * Load one program of an engine ProgramObject (e.g. from our compiler) into this kernel, with
 * the maps created by libbpf from a clang-built object of the same source (`mapsFrom`), so map
 * values keep their BTF (spin locks). Maps the clang object lacks, or lays out differently, are
 * created plainly. Returns the kernel's verdict, message and log for exactly our instructions.
 */
export function kernelLoadProgram(
  obj: ProgramObject,
  prog: string,
  opts: { mapsFrom: string; logLevel?: 1 | 2 },
): Omit<KernelProgramVerdict, 'libbpf' | 'insns'> {
  const p = obj.programs.find((x) => x.name === prog);
  if (!p) throw new Error(`no program ${prog}`);
  const bytes = Buffer.alloc(p.insns.length * 8);
  p.insns.forEach((i, n) => {
    bytes[n * 8] = i.code;
    bytes[n * 8 + 1] = (i.src << 4) | i.dst;
    bytes.writeInt16LE(i.off, n * 8 + 2);
    bytes.writeInt32LE(i.imm, n * 8 + 4);
  });
  const specs = obj.maps.map(
    (m) =>
      `${m.name}:${m.type}:${m.keySize}:${m.valueSize}:${m.maxEntries}:${m.flags}:${m.initial ? Buffer.from(m.initial).toString('hex') : ''}`,
  );
  const attachName = p.type === 'tracing' || p.type === 'lsm' ? p.attachTo : '';
  const res = oracle([
    'raw',
    opts.mapsFrom,
    String(PROG_TYPE[p.type]),
    String(attachType(p)),
    attachName,
    String(opts.logLevel ?? 1),
    obj.license || 'GPL',
    bytes.toString('hex'),
    ...specs,
  ]) as { accepted: boolean; errno: number; log: string };
  return { name: p.name, section: p.section, ...res, error: res.accepted ? '' : errorLine(res.log) };
}
