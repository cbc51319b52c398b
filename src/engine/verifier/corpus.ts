/**
 * The verifier corpus: annotated BPF C programs in ./corpus, one case per file. Annotation lines
 * at the top of a file:
 *   // verdict: accept | reject
 *   // error: <the kernel's exact message>      (reject only)
 *   // prog: <function name>                    (optional; default: the file's only program)
 * The annotations are checked against this machine's kernel (corpus.test.ts), so they cannot
 * drift from it, and our verifier must give the same verdict and message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusCase {
  name: string;
  path: string;
  source: string;
  verdict: 'accept' | 'reject';
  error: string;
  prog: string | null;
}

export const corpusDir = join(import.meta.dirname, 'corpus');

export function parseAnnotations(name: string, path: string, source: string): CorpusCase {
  const tag = (key: string) => source.match(new RegExp(`^// ${key}: (.*)$`, 'm'))?.[1].trim();
  const verdict = tag('verdict');
  if (verdict !== 'accept' && verdict !== 'reject') throw new Error(`${path}:1: missing "// verdict: accept|reject"`);
  const error = tag('error') ?? '';
  if (verdict === 'reject' && !error) throw new Error(`${path}:2: a rejected case needs "// error: <message>"`);
  return { name, path, source, verdict, error, prog: tag('prog') ?? null };
}

export function loadCorpus(dir = corpusDir): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bpf.c'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      return parseAnnotations(f.replace(/\.bpf\.c$/, ''), path, readFileSync(path, 'utf8'));
    });
}
