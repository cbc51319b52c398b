/**
 * Astro integration: after `astro build`, writes the downloadable runner
 * (lockstep-runner.tar.gz: bundled CLI, labs/, Makefile, README) into the built site, so
 * every lab can link to it and a lab cell can rebuild it with the learner's program. Under
 * `astro dev` the same file is built on request, so the download works there too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

type Builder = { buildRunnerTarball: (out: string) => Promise<{ outFile: string; bytes: number }> };
const builder = () => import('../../scripts/runner-tarball.mjs') as Promise<Builder>;

export default function runnerTarball(): AstroIntegration {
  return {
    name: 'lockstep-runner-tarball',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const r = await (await builder()).buildRunnerTarball(fileURLToPath(new URL('lockstep-runner.tar.gz', dir)));
        logger.info(`runner tarball: ${r.outFile} (${Math.round(r.bytes / 1024)} KB)`);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(async (req, res, next) => {
          if (!req.url?.endsWith('/lockstep-runner.tar.gz')) return next();
          const tmp = mkdtempSync(join(tmpdir(), 'lockstep-runner-'));
          try {
            const out = join(tmp, 'lockstep-runner.tar.gz');
            await (await builder()).buildRunnerTarball(out);
            res.setHeader('Content-Type', 'application/gzip');
            res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
            res.end(readFileSync(out));
          } catch (e) {
            next(e);
          } finally {
            rmSync(tmp, { recursive: true, force: true });
          }
        });
      },
    },
  };
}
