/**
 * Entry point of the bundled CLI in the downloadable runner (scripts/runner-tarball.mjs
 * bundles this with esbuild into lockstep.mjs, which runs on Node ≥ 20 with no install).
 */
import { main } from '../cli/main.ts';

await main(process.argv.slice(2));
