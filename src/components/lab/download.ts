/**
 * Download for a real kernel: the lab's files with the learner's current program, to run with
 * the `lockstep` CLI (`lockstep run <lab> --file <file>`). Uses the runner's browser-safe tarball
 * builder when this build has it; otherwise the BPF C file alone. Loaded on demand.
 */
import type { LabInfo } from './lab-source.ts';

type TarBuilder = (lab: string, program: string) => Uint8Array | Promise<Uint8Array>;

function save(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadLab(lab: LabInfo, code: string): Promise<void> {
  const mods = import.meta.glob('../../runner/tarball.ts') as Record<string, () => Promise<Record<string, unknown>>>;
  const load = Object.values(mods)[0];
  const build = load ? ((await load()).buildLabTarball as TarBuilder | undefined) : undefined;
  if (build) {
    const bytes = await build(lab.id, code);
    save(`${lab.id}.tar.gz`, bytes as BlobPart, 'application/gzip');
    return;
  }
  const header = `// Lockstep lab ${lab.id}: run on a real kernel with\n//   lockstep run ${lab.id} --file ${lab.id}.bpf.c\n`;
  save(`${lab.id}.bpf.c`, header + code, 'text/x-c');
}
