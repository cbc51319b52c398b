/**
 * The compiler corpus harness (test support): each corpus/*.bpf.c is an XDP program whose
 * results land in global variables, annotated with `// expect: name = value` lines (or
 * `// expect-error: message` for programs that must not compile) and optionally
 * `// packet: <hex>` (default: 64 zero bytes). This module reads the annotations and decodes
 * globals from raw section bytes, so the same expectations grade our compiler + interpreter
 * and clang + the real kernel.
 */
import type { ProgramObject, TypeLayout } from '../object.ts';

export interface CorpusCase {
  expects: { name: string; value: bigint }[];
  error?: string;
  packet: Uint8Array;
}

export function parseCorpus(source: string): CorpusCase {
  const expects: { name: string; value: bigint }[] = [];
  let error: string | undefined;
  let packet = new Uint8Array(64);
  for (const line of source.split('\n')) {
    const m = /^\s*\/\/\s*expect:\s*([A-Za-z_]\w*)\s*=\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*$/.exec(line);
    if (m) {
      const neg = m[2].startsWith('-');
      const v = BigInt(neg ? m[2].slice(1) : m[2]);
      expects.push({ name: m[1], value: neg ? -v : v });
      continue;
    }
    const e = /^\s*\/\/\s*expect-error:\s*(.+?)\s*$/.exec(line);
    if (e) error = e[1];
    const p = /^\s*\/\/\s*packet:\s*([0-9a-fA-F]+)\s*$/.exec(line);
    if (p) packet = Uint8Array.from(Buffer.from(p[1], 'hex'));
  }
  return { expects, error, packet };
}

/** Integer value of a global from its section's bytes (little-endian; signed per its type). */
export function readGlobal(obj: ProgramObject, sections: Record<string, Uint8Array>, name: string): bigint | undefined {
  for (const m of obj.maps) {
    const v = m.vars?.find((x) => x.name === name);
    if (!v) continue;
    const bytes = sections[m.name] ?? sections[m.kind === 'map' ? m.name : `.${m.kind}`];
    if (!bytes) return undefined;
    return readInt(bytes, v.offset, v.type);
  }
  return undefined;
}

function readInt(bytes: Uint8Array, off: number, t: TypeLayout): bigint | undefined {
  if (t.kind !== 'int' && t.kind !== 'ptr') return undefined;
  let v = 0n;
  for (let k = t.size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[off + k] ?? 0);
  return t.kind === 'int' && t.signed ? BigInt.asIntN(t.size * 8, v) : v;
}
