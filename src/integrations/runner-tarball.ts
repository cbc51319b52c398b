/**
 * Astro integration: after `astro build`, writes the downloadable runner
 * (lockstep-runner.tar.gz: bundled CLI, labs/, Makefile, README) into the built site, so
 * every lab can link to it and a lab cell can rebuild it with the learner's program.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export default function runnerTarball(): AstroIntegration {
  return {
    name: 'lockstep-runner-tarball',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { buildRunnerTarball } = (await import('../../scripts/runner-tarball.mjs')) as {
          buildRunnerTarball: (out: string) => Promise<{ outFile: string; bytes: number }>;
        };
        const r = await buildRunnerTarball(fileURLToPath(new URL('lockstep-runner.tar.gz', dir)));
        logger.info(`runner tarball: ${r.outFile} (${Math.round(r.bytes / 1024)} KB)`);
      },
    },
  };
}
