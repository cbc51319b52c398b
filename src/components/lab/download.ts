/**
 * Download for a real kernel: the site's runner tarball (src/runner/tarball.ts, built in the
 * browser) with the learner's current program as the lab's solution, so
 * `sudo node lockstep.mjs check <lab>` grades their code on their kernel. A variant cell
 * (lab~variant) is not a lab of the runner: it downloads its BPF C file alone. Loaded on demand.
 */
import type { LabInfo } from './lab-source.ts';

function save(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The site's runner tarball, gzipped. Some static servers (astro preview among them) send a
 * .gz file with `Content-Encoding: gzip`, so the browser hands over the plain tar: gzip it again.
 */
async function runnerBytes(name: string): Promise<Uint8Array> {
  const res = await fetch(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}${name}`);
  if (!res.ok) throw new Error(`cannot download ${name}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return bytes;
  const gz = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

/** Saves the file and returns a sentence telling the learner what to do with it. */
export async function downloadLab(lab: LabInfo, code: string): Promise<string> {
  if (lab.id.includes('~')) {
    const name = `${lab.id.replace('~', '-')}.bpf.c`;
    save(name, code, 'text/x-c');
    return `Saved ${name}: build it with clang -O2 -g -target bpf -mcpu=v3 -c ${name} and load it with bpftool or libbpf.`;
  }
  const { buildLabTarball, RUNNER_TARBALL } = await import('../../runner/tarball.ts');
  const bytes = await buildLabTarball(lab.id, code, await runnerBytes(RUNNER_TARBALL));
  save(`lockstep-${lab.id}.tar.gz`, bytes as BlobPart, 'application/gzip');
  return `Saved lockstep-${lab.id}.tar.gz with your program: unpack it on a Linux machine and run sudo node lockstep-runner/lockstep.mjs check ${lab.id} (README inside).`;
}
