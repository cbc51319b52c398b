#!/usr/bin/env node
// Builds the downloadable runner, lockstep-runner.tar.gz: the `lockstep` CLI bundled with
// esbuild into one lockstep.mjs (Node >= 20, no install), labs/ (sources, reference C, harness,
// Makefile), a top-level Makefile and the README. `npm run build` calls this through the
// Astro integration in src/integrations/runner-tarball.ts; `node scripts/runner-tarball.mjs
// OUT` builds it alone.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createTarGzip } from 'nanotar';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOP = 'lockstep-runner';

function labFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'build' && e.name !== 'node_modules') walk(p);
      } else if (!e.name.endsWith('.test.ts') && e.name !== 'README.runner.md' && statSync(p).size < 1_000_000) {
        out.push(p);
      }
    }
  };
  walk(join(root, 'labs'));
  return out.sort();
}

async function bundleCli() {
  const r = await build({
    entryPoints: [join(root, 'src/runner/cli-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'error',
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __lockstepRequire } from 'node:module';\nconst require = __lockstepRequire(import.meta.url);",
    },
  });
  return r.outputFiles[0].contents;
}

/** The runner's files as tar entries (paths under lockstep-runner/). */
export async function runnerFiles() {
  const files = [
    { name: `${TOP}/lockstep.mjs`, data: await bundleCli(), attrs: { mode: '755' } },
    { name: `${TOP}/README.md`, data: readFileSync(join(root, 'labs/README.runner.md')) },
    { name: `${TOP}/Makefile`, data: '# Builds one lab: see labs/Makefile and README.md.\ninclude labs/Makefile\n' },
  ];
  for (const f of labFiles()) files.push({ name: `${TOP}/${relative(root, f)}`, data: readFileSync(f) });
  for (const f of files) if (f.name.length > 99) throw new Error(`tar path too long for ustar: ${f.name}`);
  return files;
}

export async function buildRunnerTarball(outFile) {
  const bytes = await createTarGzip(await runnerFiles(), {
    attrs: { mtime: Date.now(), uid: 0, gid: 0, user: 'root', group: 'root' },
  });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, bytes);
  return { outFile, bytes: bytes.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, 'dist/lockstep-runner.tar.gz'));
  const r = await buildRunnerTarball(out);
  console.log(`runner tarball: ${r.outFile} (${(r.bytes / 1024).toFixed(0)} KB)`);
}
