/**
 * "Download for a real kernel" from a lab cell, built client-side: the site's runner tarball
 * (lockstep-runner.tar.gz, see scripts/runner-tarball.mjs) with the learner's program in
 * place of labs/<lab>/solution.bpf.c, so `node lockstep.mjs check <lab>` runs their code.
 * Browser-safe (nanotar + CompressionStream); also runs in Node ≥ 20 with `base` given.
 */
import { createTarGzip, parseTarGzip } from 'nanotar';

export const RUNNER_TARBALL = 'lockstep-runner.tar.gz';
const TOP = 'lockstep-runner';

async function fetchRunner(): Promise<Uint8Array> {
  // Vite replaces import.meta.env statically in the page; in Node it is undefined.
  const base: string = import.meta.env?.BASE_URL ?? '/';
  const url = `${base.endsWith('/') ? base : `${base}/`}${RUNNER_TARBALL}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The runner tarball with `program` as lab `lab`'s solution. `base` is the runner tarball's
 * bytes; without it, it is fetched from the site.
 */
export async function buildLabTarball(lab: string, program: string, base?: Uint8Array): Promise<Uint8Array> {
  const files = await parseTarGzip(base ?? (await fetchRunner()));
  const target = `${TOP}/labs/${lab}/solution.bpf.c`;
  if (!files.some((f) => f.name === target)) throw new Error(`the runner has no lab '${lab}' (no ${target})`);
  const note = `Built from the course for lab ${lab}: labs/${lab}/solution.bpf.c is your program.\n\n`;
  return createTarGzip(
    files
      .filter((f) => f.type === 'file' || f.type === undefined)
      .map((f) => ({
        name: f.name,
        data:
          f.name === target
            ? program
            : f.name === `${TOP}/README.md`
              ? note + new TextDecoder().decode(f.data)
              : (f.data ?? new Uint8Array()),
        attrs: { mode: f.attrs?.mode },
      })),
    { attrs: { mtime: Date.now(), uid: 0, gid: 0 } },
  );
}
